import {
  countryByCode,
  isTownName,
  locatePlace,
  lookupCountry,
  type Place as GeoPlace,
} from '../geo/gazetteer.ts';
import { inRegion, nearestPoint } from '../geo/reverse.ts';
import { AREAS, CROSSING_WORDS, CROSSINGS, type Area, type Crossing } from './lists.ts';

/**
 * What the flag rules ask of src/geo: where a buyer's city, a ship-to city or a route stop
 * is (its gazetteer, with the wide layer of border villages and world cities), how far it
 * is from a listed crossing, whether it lies in a listed area. The lists are the rules'
 * own (`data/crossings.json`, `data/areas.json`); the places and the arithmetic are geo's.
 */

/** A place a name was resolved to, as the flags' evidence shows it ("Akçakale, TR"). */
export interface Place {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  lat: number;
  lon: number;
  population: number;
}

// A crossing named after a town on one side is a place of the first country, for the
// spellings the gazetteer has no place for ("Akçakale gümrük kapısı", "Bab al-Hawa").
// Made on first use: naming the country loads the gazetteer's index (~1.4 s), which a
// command that locates nothing (a sanctions list import) must not pay at start.
let crossingPlaces: GeoPlace[] | undefined;
const crossingPlaceList = (): GeoPlace[] =>
  (crossingPlaces ??= CROSSINGS.flatMap((c) => {
    const cc = c.countries[0] ?? c.countries[1] ?? '';
    return c.aliases.map((alias) => ({
      id: `crossing:${c.id}`,
      name: alias,
      country_code: cc,
      country: countryByCode(cc)?.name ?? null,
      admin1_code: null,
      admin1: null,
      lat: c.lat,
      lon: c.lon,
      population: 0,
      feature: 'OURS',
      precision: 1 as const,
    }));
  }));

/**
 * Resolves a free-text place ("Akçakale", "Akcakale, Sanliurfa", "Şanlıurfa (Merkez)")
 * in an optional country (ISO alpha-2 or a name): geo's `locatePlace` over the wide layer.
 */
export function locate(text: string | null | undefined, country?: string | null): Place | null {
  const cc = countryCode(country);
  const p = locatePlace(text, {
    countries: cc ? [cc] : [],
    wide: true,
    // Exact and article-free names, as trade records write towns: a transliteration key
    // would take an unknown district for a namesake abroad (Ras al Ayn → Rosh Ha'Ayin).
    loose: false,
    extra: crossingPlaceList(),
  });
  return p
    ? { name: p.name, country: p.country_code, lat: p.lat, lon: p.lon, population: p.population }
    : null;
}

/** ISO alpha-2 code of a country given as a code or a name geo knows; null when unknown. */
export function countryCode(country: string | null | undefined): string | null {
  if (!country) return null;
  const t = country.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return lookupCountry(t)?.code ?? null;
}

export interface NearestCrossing {
  crossing: Crossing;
  distance_km: number;
}

export function nearestCrossing(lat: number, lon: number): NearestCrossing | null {
  const near = nearestPoint(CROSSINGS, lat, lon);
  return near ? { crossing: near.point, distance_km: near.distance_km } : null;
}

/** The first listed area a place lies in, or null. */
export function areaOf(place: Place): Area | null {
  return AREAS.find((a) => inRegion(a, place.country, place.lat, place.lon)) ?? null;
}

/** Folded single-word names of towns of 10 000 people or more: too common to link two parties. */
export function isTownWord(word: string): boolean {
  return CROSSING_WORDS.has(word) || isTownName(word, 10_000, { wide: true });
}
