import { foldText } from '../../core/fold.ts';
import {
  admin1ByCode,
  admin1Seat,
  lookupAdmin1,
  lookupCountry,
  lookupPlace,
  type Place,
} from '../../geo/gazetteer.ts';
import {
  BEARINGS,
  compassDir,
  destinationPoint,
  distanceKm,
  type CompassDir,
} from '../../geo/offset.ts';
import { nearestPlace } from '../../geo/reverse.ts';

export interface GeoContext {
  countries: string[];
  admin1Code: string | null;
}

export interface GeoResult {
  place: string | null;
  anchor_place: string | null;
  offset_km: number | null;
  offset_dir: CompassDir | null;
  lat: number | null;
  lon: number | null;
  geo_precision: 1 | 2 | 3 | null;
  country_code: string | null;
  country: string | null;
  admin1: string | null;
  /** How sure the place is: 1 for a gazetteer hit inside the context's country, lower otherwise. */
  certainty: number;
}

const EMPTY: GeoResult = {
  place: null,
  anchor_place: null,
  offset_km: null,
  offset_dir: null,
  lat: null,
  lon: null,
  geo_precision: null,
  country_code: null,
  country: null,
  admin1: null,
  certainty: 0,
};

/** A run of capitalised words with the particles place names carry (al-, ez-, bin, de). */
const NAME = String.raw`(?:(?:al|el|ar|as|ash|ad|az|an|at)[-\s])?[A-Z][\p{L}'’‘ʿ]*(?:(?:[-\s](?:al|el|ar|as|ash|ad|az|an|at|ez|ed|es|er|de|da|du|di|la|le|bin|ibn|bni|of|i|e|ul|wa)[-\s]|[-\s])[A-Z][\p{L}'’‘ʿ]*)*`;
const DIR = String.raw`north(?:[- ]?(?:east|west))?|south(?:[- ]?(?:east|west))?|east|west|N|NE|E|SE|S|SW|W|NW`;
const DIR_ADJ = String.raw`(?:north|south)(?:[- ]?(?:east|west))?ern|northern|southern|eastern|western|central|north|south|east|west`;

const OFFSET = new RegExp(
  String.raw`(?:(?:about|approximately|approx\.|some|around|roughly|nearly|almost|less than|more than|over|up to|at least)\s+)?(\d+(?:[.,]\d+)?)\s*(?:-|to|–)?\s*(?:\d+\s*)?(km|kms|kilometers|kilometres|kilometer|kilometre|mi|miles|mile)\s+(?:to the\s+)?(${DIR})\s+of\s+(?:the\s+)?(?:(?:city|town|village|capital|district|area|region)\s+of\s+)?(${NAME})`,
  'u',
);
const BARE_DIR = new RegExp(
  String.raw`\b(?:to the\s+|just\s+)?(${DIR})\s+of\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?(${NAME})`,
  'u',
);
const DIR_OF_TOWN = new RegExp(String.raw`\bin\s+(${DIR_ADJ})\s+(${NAME})`, 'u');
const PREP = new RegExp(
  String.raw`\b(in|near|at|outside|around|on the outskirts of|in the vicinity of|close to|in the area of|in the region of|from|between|of)\s+(?:the\s+)?(?:(village|town|city|district|area|region|province|governorate|state|outskirts|countryside|desert|vicinity)\s+of\s+)?(${NAME})(\s+(?:region|area|district|countryside|desert|outskirts|Desert|Province|province|State|state|Governorate|governorate|Region))?`,
  'gu',
);

/** Capitalised words that are never a place in this text, whatever a village may be called. */
const NOT_PLACES = new Set(
  [
    'isis',
    'isil',
    'is',
    'islamic state',
    'daesh',
    'sdf',
    'hts',
    'taliban',
    'amaq',
    'telegram',
    'irgc',
    'iswap',
    'adf',
    'al naba',
    'popular mobilization',
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'he',
    'she',
    'they',
    'the',
    'an',
    'a',
    'in',
    'on',
    'it',
    'iraqi',
    'syrian',
    'egyptian',
    'nigerian',
    'afghan',
    'congolese',
    'coalition',
    'international coalition',
    'homeland defense forces',
    'republican guard',
    'facebook',
    'twitter',
    'reuters',
    'afp',
    'ap',
    'sources',
    'police',
    'army',
    'government',
    'national directorate of security',
  ].map((s) => s),
);

function usable(name: string): boolean {
  const f = foldText(name);
  return f.length >= 3 && !NOT_PLACES.has(f);
}

/** A gazetteer place and the spelling the text gave it ("Al-Mayadeen" for Al Mayādīn). */
type Found = Place & { surface: string };

/** The best gazetteer place for a name, trying its longest word run first ("Bir al-Abd region" → "Bir al-Abd"). */
function resolve(name: string, ctx: GeoContext): Found | null {
  const words = name.split(/\s+/);
  for (let n = words.length; n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const candidate = words.slice(i, i + n).join(' ');
      if (!usable(candidate) || !/^[A-Z]|^(al|el|ar|as|ash|ad|az)[-\s]/.test(candidate)) continue;
      const hits = lookupPlace(candidate, { countries: ctx.countries, admin1Code: ctx.admin1Code });
      const best = pick(hits, ctx);
      if (best) return { ...best, surface: candidate };
    }
  }
  return null;
}

/** With a country context, only places inside it; without, the first (ranked) hit. */
function pick(hits: Place[], ctx: GeoContext): Place | null {
  if (hits.length === 0) return null;
  if (ctx.countries.length) return hits.find((p) => ctx.countries.includes(p.country_code)) ?? null;
  return hits[0]!;
}

function result(p: Found, extra: Partial<GeoResult>, ctx: GeoContext): GeoResult {
  return {
    ...EMPTY,
    place: p.surface,
    lat: p.lat,
    lon: p.lon,
    geo_precision: p.precision,
    country_code: p.country_code,
    country: p.country,
    admin1: p.admin1,
    certainty: ctx.countries.length === 0 ? 0.6 : ctx.countries[0] === p.country_code ? 1 : 0.85,
    ...extra,
  };
}

function toKm(value: string, unit: string): number {
  const n = Number(value.replace(',', '.'));
  return /^mi/i.test(unit) ? Math.round(n * 1.609344 * 10) / 10 : n;
}

/**
 * Where a passage happened. In order of trust: a distance and direction from a named
 * place ("about 10 km north of Al-Mayadeen": the point is computed, geo_precision 2 as
 * ACLED codes "near a town"); a direction without distance ("southwest of Al-Hasakah",
 * "in west Rafah": the town's point, precision 2); a named village or town (precision 1,
 * or 2 for "the X region/area"); an admin-1 ("in Borno State": its seat, precision 3).
 * A village the gazetteer lacks, given with an offset, keeps its name and the computed point.
 */
export function locate(text: string, ctx: GeoContext): GeoResult {
  const offset = OFFSET.exec(text);
  if (offset) {
    const anchor = resolve(offset[4]!, ctx);
    const dir = compassDir(offset[3]!);
    if (anchor && dir) {
      const km = toKm(offset[1]!, offset[2]!);
      const pt = destinationPoint(anchor.lat, anchor.lon, km, BEARINGS[dir]);
      const village = namedVillage(text.slice(0, offset.index), ctx);
      // A place the text names itself ("in the village of Shahil", "in the Kunar region")
      // that lies nearer the computed point than the anchor does is the better position:
      // bulletins round their distances.
      if (village && distanceKm(village.lat, village.lon, pt.lat, pt.lon) <= Math.max(km, 10)) {
        return result(
          village,
          { anchor_place: anchor.surface, offset_km: km, offset_dir: dir },
          ctx,
        );
      }
      const villageName =
        /\b(?:village|town|hamlet) of ([A-Z][\p{L}'’-]*(?: [A-Z][\p{L}'’-]*)*)/u.exec(
          text.slice(0, offset.index),
        )?.[1] ?? null;
      const admin1 = pointAdmin1(pt.lat, pt.lon, anchor, ctx);
      return result(
        anchor,
        {
          place: villageName ?? anchor.surface,
          anchor_place: anchor.surface,
          offset_km: km,
          offset_dir: dir,
          lat: pt.lat,
          lon: pt.lon,
          geo_precision: 2,
          admin1,
        },
        ctx,
      );
    }
  }
  const village = namedVillage(text, ctx);
  if (village)
    return result(
      village,
      {
        geo_precision: village.area ? (Math.max(2, village.precision) as 2 | 3) : village.precision,
      },
      ctx,
    );
  const road = ROAD.exec(text);
  if (road) {
    const p = resolve(road[1]!, ctx);
    if (p) return result(p, { geo_precision: 2 }, ctx);
  }
  const bare = BARE_DIR.exec(text);
  if (bare) {
    const anchor = resolve(bare[2]!, ctx);
    const dir = compassDir(bare[1]!);
    if (anchor && dir)
      return result(
        anchor,
        { anchor_place: anchor.surface, offset_dir: dir, geo_precision: 2 },
        ctx,
      );
  }
  const within = DIR_OF_TOWN.exec(text);
  if (within) {
    const anchor = resolve(within[2]!, ctx);
    if (anchor) return result(anchor, { geo_precision: within[1] === 'central' ? 1 : 2 }, ctx);
  }
  for (const m of text.matchAll(PREP)) {
    const prep = m[1]!.toLowerCase();
    const kindBefore = (m[2] ?? '').toLowerCase();
    const kindAfter = (m[4] ?? '').trim().toLowerCase();
    const name = m[3]!;
    if (
      /^(province|governorate|state)$/.test(kindBefore) ||
      /^(province|state|governorate)$/.test(kindAfter)
    ) {
      const a1 = lookupAdmin1(name, ctx.countries);
      if (a1) return admin1Result(a1.code, ctx);
    }
    const p = resolve(name, ctx);
    if (p) {
      const area =
        /region|area|district|countryside|desert|outskirts|vicinity/.test(
          `${kindBefore} ${kindAfter}`,
        ) || /near|outside|around|outskirts|vicinity|close to/.test(prep);
      return result(
        p,
        { geo_precision: area ? (Math.max(2, p.precision) as 2 | 3) : p.precision },
        ctx,
      );
    }
    // "between Niger and Nigeria": a country's name is not its namesake state.
    const a1 = lookupCountry(name) ? null : lookupAdmin1(name, ctx.countries);
    if (a1 && (ctx.countries.length === 0 || ctx.countries.includes(a1.country_code)))
      return admin1Result(a1.code, ctx);
  }
  // "in Nigeria's northeastern Borno state": a province named anywhere.
  for (const m of text.matchAll(ADMIN_ANY)) {
    const words = m[1]!.split(/\s+/);
    // "Nigeria's Borno state": the province is the last words of the name run.
    for (let k = 0; k < words.length; k++) {
      const a1 = lookupAdmin1(words.slice(k).join(' '), ctx.countries);
      if (a1 && (ctx.countries.length === 0 || ctx.countries.includes(a1.country_code)))
        return admin1Result(a1.code, ctx);
    }
  }
  // A news dateline ("MAIDUGURI, Nigeria (Reuters) -") says where the report was filed:
  // near the event more often than not, so an area, and only when nothing else is named.
  const dateline = /^\s*([A-Z][A-Z'’ -]{2,30}?)(?:,\s*[A-Z][a-z]+)?\s*(?:\([^)]*\)\s*)?[-–—:]/.exec(
    text,
  );
  if (dateline) {
    const p = resolve(
      dateline[1]!.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (c) => c.toUpperCase()),
      ctx,
    );
    if (p) return result(p, { geo_precision: 2 }, { ...ctx, countries: ctx.countries });
  }
  if (ctx.admin1Code) return admin1Result(ctx.admin1Code, ctx, 0.5);
  if (ctx.countries[0]) {
    const c = lookupCountry(ctx.countries[0]);
    return { ...EMPTY, country_code: ctx.countries[0], country: c?.name ?? null, certainty: 0.3 };
  }
  return EMPTY;
}

const ADMIN_ANY = new RegExp(
  String.raw`(${NAME})\s+(?:[Pp]rovince|[Ss]tate|[Gg]overnorate|[Rr]egion)\b`,
  'gu',
);

const NAMED = new RegExp(
  String.raw`\b(?:the\s+(?:[a-z-]+\s+){0,2}?(village|town|city|hamlet|neighbourhood|neighborhood|area|region|district)\s+of\s+(${NAME})|(?:in|at|near)\s+the\s+(${NAME})\s+(region|area|district|countryside|desert|Desert))`,
  'gu',
);
const ROAD = new RegExp(
  String.raw`\bon\s+the\s+(${NAME})(?:[-–](?:${NAME}))?\s+(?:road|highway|motorway)`,
  'u',
);

/** "in the village of Shahil", "the town of Bosso", "in the Kunar region": a place the text names as where it happened. */
function namedVillage(text: string, ctx: GeoContext): (Found & { area: boolean }) | null {
  for (const m of text.matchAll(NAMED)) {
    const name = m[2] ?? m[3]!;
    const kind = (m[1] ?? m[4]!).toLowerCase();
    const p = resolve(name, ctx);
    if (p) return { ...p, area: /area|region|district|countryside|desert/.test(kind) };
  }
  return null;
}

function admin1Result(code: string, ctx: GeoContext, certainty = 0.8): GeoResult {
  const a1 = admin1ByCode(code);
  const seat = admin1Seat(code);
  const cc = code.split('.')[0]!;
  return {
    ...EMPTY,
    lat: seat?.lat ?? null,
    lon: seat?.lon ?? null,
    geo_precision: seat ? 3 : null,
    country_code: cc,
    country: lookupCountry(cc)?.name ?? null,
    admin1: a1?.name ?? null,
    certainty:
      ctx.countries.length === 0 || ctx.countries.includes(cc) ? certainty : certainty * 0.7,
  };
}

/**
 * The admin-1 of a computed point: the heading's province when the text is under one
 * (the bulletin's own assignment: "30 km north of Baghdad" under "Salah al-Din
 * Province"), else the province of the nearest gazetteer town, else the anchor's.
 */
function pointAdmin1(lat: number, lon: number, anchor: Place, ctx: GeoContext): string | null {
  // A heading stays in force over the passages below it, but a point far from its
  // province (another section the heading did not close) is not in it.
  const seat = ctx.admin1Code ? admin1Seat(ctx.admin1Code) : null;
  if (
    ctx.admin1Code &&
    ctx.admin1Code.startsWith(`${anchor.country_code}.`) &&
    (!seat || distanceKm(lat, lon, seat.lat, seat.lon) <= 150)
  ) {
    return admin1ByCode(ctx.admin1Code)?.name ?? anchor.admin1;
  }
  return nearestPlace(lat, lon, anchor.country_code)?.admin1 ?? anchor.admin1;
}
