import { foldText } from '../core/fold.ts';
import { distanceKm } from '../geo/offset.ts';
import { areaOf, countryCode, isTownWord, locate, nearestCrossing, type Place } from './geo.ts';
import {
  BANK_TERMS,
  COMMODITIES,
  FORWARDER_TERMS,
  GENERIC_NAME_WORDS,
  MTO_TERMS,
  PRODUCT_CLASSES,
  SECTORS,
  SMALL_BUSINESS_TERMS,
  type Commodity,
} from './lists.ts';
import { firstMatch, fold, hsDigits, hsPrefixMatch, wordsOf } from './match.ts';
import { routePlaces } from '../network/orders.ts';

/**
 * Classifiers of single values (a goods text and HS code, a business description, a
 * party name, a place, a route). They are pure and depend on nothing but their
 * arguments and the lists, so the scorer calls them once per distinct value of a batch
 * (`Lookups` in indicators.ts).
 */

export interface ControlledHit {
  code: Commodity['code'];
  entry: string;
  name: string;
  list: string;
  strength: number;
  matched_by: ('hs_code' | 'goods')[];
  hs_prefix: string | null;
  term: string | null;
}

export interface GoodsClass {
  product_class: string | null;
  class_name: string | null;
  class_by: 'goods' | 'hs_code' | null;
  class_match: string | null;
  controlled: ControlledHit[];
}

export function classifyGoods(goods: string | null, hs: string | null): GoodsClass {
  const words = wordsOf(goods);
  const code = hsDigits(hs);
  let product_class: string | null = null;
  let class_name: string | null = null;
  let class_by: GoodsClass['class_by'] = null;
  let class_match: string | null = null;
  for (const c of PRODUCT_CLASSES) {
    const t = firstMatch(words, c.compiled);
    if (t) {
      product_class = c.id;
      class_name = c.name;
      class_by = 'goods';
      class_match = t;
      break;
    }
  }
  if (!product_class && code) {
    let best = '';
    for (const c of PRODUCT_CLASSES) {
      const p = hsPrefixMatch(code, c.hs);
      if (p && p.length > best.length) {
        best = p;
        product_class = c.id;
        class_name = c.name;
      }
    }
    if (product_class) {
      class_by = 'hs_code';
      class_match = best;
    }
  }
  // One hit per flag code: the strongest entry, naming both ways it matched.
  const byCode = new Map<string, ControlledHit>();
  for (const e of COMMODITIES) {
    const hsPrefix = hsPrefixMatch(code, e.hs);
    const term = firstMatch(words, e.compiled);
    const byHs = hsPrefix !== null && (!e.hs_needs_term || term !== null);
    if (!byHs && !term) continue;
    const hit: ControlledHit = {
      code: e.code,
      entry: e.id,
      name: e.name,
      list: e.list,
      strength: e.strength,
      matched_by: [
        ...(hsPrefix ? (['hs_code'] as const) : []),
        ...(term ? (['goods'] as const) : []),
      ],
      hs_prefix: hsPrefix,
      term,
    };
    const prev = byCode.get(e.code);
    if (
      !prev ||
      hit.strength > prev.strength ||
      (hit.strength === prev.strength && hit.matched_by.length > prev.matched_by.length)
    )
      byCode.set(e.code, hit);
  }
  return { product_class, class_name, class_by, class_match, controlled: [...byCode.values()] };
}

export interface BusinessClass {
  sector: string | null;
  sector_name: string | null;
  sector_term: string | null;
  buys_all: boolean;
  buys: Set<string>;
  small: boolean;
  small_term: string | null;
}

export function classifyBusiness(business: string | null): BusinessClass {
  const words = wordsOf(business);
  const smallTerm = firstMatch(words, SMALL_BUSINESS_TERMS);
  for (const s of SECTORS) {
    const t = firstMatch(words, s.compiled);
    if (t) {
      return {
        sector: s.id,
        sector_name: s.name,
        sector_term: t,
        buys_all: s.buysAll,
        buys: s.buysSet,
        small: s.size === 'small' || smallTerm !== null,
        small_term: s.size === 'small' ? `sector ${s.id}` : smallTerm,
      };
    }
  }
  return {
    sector: null,
    sector_name: null,
    sector_term: null,
    buys_all: true,
    buys: new Set(),
    small: smallTerm !== null,
    small_term: smallTerm,
  };
}

export interface PartyClass {
  key: string;
  mto_term: string | null;
  forwarder_term: string | null;
  /** A bank: it pays for, or receives goods to the order of, its client under a documentary credit. */
  bank_term: string | null;
  /** Words of the name distinctive enough to link two parties (a family or brand name). */
  distinctive: string[];
}

export function classifyParty(name: string | null, sector?: string | null): PartyClass {
  const words = wordsOf(name);
  const sectorWords = wordsOf(sector ?? null);
  return {
    key: name ? fold(name) : '',
    mto_term: firstMatch(words, MTO_TERMS) ?? firstMatch(sectorWords, MTO_TERMS),
    forwarder_term: firstMatch(words, FORWARDER_TERMS) ?? firstMatch(sectorWords, FORWARDER_TERMS),
    bank_term: firstMatch(words, BANK_TERMS) ?? firstMatch(sectorWords, BANK_TERMS),
    distinctive: words.list.filter(
      (w) => w.length >= 4 && !/^\d+$/.test(w) && !GENERIC_NAME_WORDS.has(w) && !isTownWord(w),
    ),
  };
}

/** Whether two party names share a distinctive word (Karahan Kimya / Yusuf Karahan). */
export function shareDistinctiveWord(a: PartyClass, b: PartyClass): string | null {
  for (const w of a.distinctive) if (b.distinctive.includes(w)) return w;
  return null;
}

export interface UnitBasis {
  basis: 'kg' | 'l' | 'pcs' | null;
  factor: number;
}

const UNIT_TABLE: Record<string, UnitBasis> = {
  kg: { basis: 'kg', factor: 1 },
  kgs: { basis: 'kg', factor: 1 },
  kilo: { basis: 'kg', factor: 1 },
  kilogram: { basis: 'kg', factor: 1 },
  kilograms: { basis: 'kg', factor: 1 },
  g: { basis: 'kg', factor: 0.001 },
  gram: { basis: 'kg', factor: 0.001 },
  grams: { basis: 'kg', factor: 0.001 },
  t: { basis: 'kg', factor: 1000 },
  mt: { basis: 'kg', factor: 1000 },
  ton: { basis: 'kg', factor: 1000 },
  tons: { basis: 'kg', factor: 1000 },
  tonne: { basis: 'kg', factor: 1000 },
  tonnes: { basis: 'kg', factor: 1000 },
  lb: { basis: 'kg', factor: 0.4536 },
  lbs: { basis: 'kg', factor: 0.4536 },
  l: { basis: 'l', factor: 1 },
  lt: { basis: 'l', factor: 1 },
  ltr: { basis: 'l', factor: 1 },
  litre: { basis: 'l', factor: 1 },
  litres: { basis: 'l', factor: 1 },
  liter: { basis: 'l', factor: 1 },
  liters: { basis: 'l', factor: 1 },
  ml: { basis: 'l', factor: 0.001 },
  m3: { basis: 'l', factor: 1000 },
  pcs: { basis: 'pcs', factor: 1 },
  pc: { basis: 'pcs', factor: 1 },
  piece: { basis: 'pcs', factor: 1 },
  pieces: { basis: 'pcs', factor: 1 },
  unit: { basis: 'pcs', factor: 1 },
  units: { basis: 'pcs', factor: 1 },
  u: { basis: 'pcs', factor: 1 },
  ea: { basis: 'pcs', factor: 1 },
  each: { basis: 'pcs', factor: 1 },
  set: { basis: 'pcs', factor: 1 },
  sets: { basis: 'pcs', factor: 1 },
  adet: { basis: 'pcs', factor: 1 },
  nos: { basis: 'pcs', factor: 1 },
};

export function unitBasis(unit: string | null): UnitBasis {
  if (!unit) return { basis: null, factor: 1 };
  return UNIT_TABLE[foldText(unit).replace(/ /g, '')] ?? { basis: null, factor: 1 };
}

export interface RegionInfo {
  place: Place | null;
  /** 1 inside a listed area or within near_km of a crossing, 0.5 within region_km, else 0. */
  strength: number;
  crossing: string | null;
  distance_km: number | null;
  area: string | null;
}

export function regionOf(
  city: string | null,
  country: string | null,
  nearKm: number,
  regionKm: number,
): RegionInfo {
  const place = locate(city, country);
  if (!place) {
    // A country that is itself a listed area (Syria) is enough without a city.
    const cc = countryCode(country);
    if (cc) {
      const area = areaOf({ name: '', country: cc, lat: NaN, lon: NaN, population: 0 });
      if (area)
        return { place: null, strength: 1, crossing: null, distance_km: null, area: area.name };
    }
    return { place: null, strength: 0, crossing: null, distance_km: null, area: null };
  }
  const area = areaOf(place);
  const near = nearestCrossing(place.lat, place.lon);
  const d = near ? Math.round(near.distance_km * 10) / 10 : null;
  let strength = 0;
  if (area) strength = 1;
  if (d !== null && d <= nearKm) strength = 1;
  else if (d !== null && d <= regionKm) strength = Math.max(strength, 0.5);
  return {
    place,
    strength,
    crossing: near && d !== null && d <= regionKm ? near.crossing.name : null,
    distance_km: d,
    area: area?.name ?? null,
  };
}

export interface RouteInfo {
  stops: string[];
  /** Route stops within crossing_km of a crossing or inside a listed area. */
  via_crossing: {
    stop: string;
    crossing: string | null;
    area: string | null;
    distance_km: number | null;
  } | null;
  /** Travelled distance over the direct distance, when every stop is known. */
  detour_ratio: number | null;
  direct_km: number | null;
  travelled_km: number | null;
  unknown_stops: string[];
}

export function analyseRoute(route: string | null, crossingKm: number): RouteInfo {
  const stops = routePlaces(route);
  const places = stops.map((s) => locate(s));
  let via: RouteInfo['via_crossing'] = null;
  for (let i = 0; i < stops.length && !via; i++) {
    const p = places[i];
    if (!p) continue;
    const near = nearestCrossing(p.lat, p.lon);
    if (near && near.distance_km <= crossingKm)
      via = {
        stop: stops[i]!,
        crossing: near.crossing.name,
        area: null,
        distance_km: Math.round(near.distance_km * 10) / 10,
      };
    else {
      const area = areaOf(p);
      if (area) via = { stop: stops[i]!, crossing: null, area: area.name, distance_km: null };
    }
  }
  const unknown = stops.filter((_, i) => !places[i]);
  let detour: number | null = null;
  let direct: number | null = null;
  let travelled: number | null = null;
  if (stops.length >= 3 && unknown.length === 0) {
    const ps = places as Place[];
    direct = distanceKm(ps[0]!.lat, ps[0]!.lon, ps[ps.length - 1]!.lat, ps[ps.length - 1]!.lon);
    travelled = 0;
    for (let i = 1; i < ps.length; i++)
      travelled += distanceKm(ps[i - 1]!.lat, ps[i - 1]!.lon, ps[i]!.lat, ps[i]!.lon);
    detour = direct > 1 ? Math.round((travelled / direct) * 100) / 100 : null;
    direct = Math.round(direct);
    travelled = Math.round(travelled);
  }
  return {
    stops,
    via_crossing: via,
    detour_ratio: detour,
    direct_km: direct,
    travelled_km: travelled,
    unknown_stops: unknown,
  };
}
