import { readFileSync } from 'node:fs';
import { foldText } from '../core/fold.ts';
import { distanceKm } from '../geo/offset.ts';
import { AREAS, CROSSING_WORDS, CROSSINGS, type Area, type Crossing } from './lists.ts';

/** A place a name was resolved to. */
export interface Place {
  name: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
}

/** Great-circle distance in km: the one haversine, in src/geo. */
export { distanceKm };

// Arabic articles are written joined, spaced or dropped ("Al-Qamishli", "Qamishli").
const ARTICLE = /^(al|el|ar|as|ad|at|an|az|ash|ath|ad|ed|es|ez|er)\s+/;

let gazetteer: Map<string, Place[]> | undefined;

/** Folded name → places (most populous first), from places.tsv plus the crossings' names. */
function loadGazetteer(): Map<string, Place[]> {
  if (gazetteer) return gazetteer;
  const map = new Map<string, Place[]>();
  const add = (key: string, p: Place) => {
    if (!key) return;
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  const text = readFileSync(new URL('./data/places.tsv', import.meta.url), 'utf8');
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('names\t')) continue;
    const [names, name, country, lat, lon, population] = line.split('\t');
    const p: Place = {
      name: name!,
      country: country!,
      lat: Number(lat),
      lon: Number(lon),
      population: Number(population) || 0,
    };
    for (const n of names!.split('|')) {
      add(n, p);
      const bare = n.replace(ARTICLE, '');
      if (bare !== n) add(bare, p);
    }
  }
  for (const c of CROSSINGS) {
    const [a, b] = c.countries;
    for (const alias of c.aliases) {
      const k = foldText(alias);
      // A crossing named after a town on one side: put it in the first country unless the
      // gazetteer already knows the name.
      if (!map.has(k))
        add(k, { name: alias, country: a ?? b ?? '', lat: c.lat, lon: c.lon, population: 0 });
    }
  }
  for (const list of map.values()) list.sort((x, y) => y.population - x.population);
  gazetteer = map;
  return map;
}

function lookup(key: string, country: string | null): Place | null {
  const g = loadGazetteer();
  const list = g.get(key) ?? g.get(key.replace(ARTICLE, ''));
  if (!list || list.length === 0) return null;
  if (country) {
    const inCountry = list.find((p) => p.country === country);
    if (inCountry) return inCountry;
  }
  return list[0]!;
}

/**
 * Resolves a free-text place ("Akçakale", "Akcakale, Sanliurfa", "Şanlıurfa (Merkez)")
 * in an optional country (ISO alpha-2 or a name). Tries the whole text, then each part
 * split at commas, slashes, brackets and dashes, then each word.
 */
export function locate(text: string | null | undefined, country?: string | null): Place | null {
  if (!text) return null;
  const cc = countryCode(country);
  const whole = foldText(text);
  if (!whole) return null;
  const direct = lookup(whole, cc);
  if (direct) return direct;
  const parts = text
    .split(/[,/()\-–;]+/)
    .map((p) => foldText(p))
    .filter(Boolean);
  for (const p of parts) {
    const hit = lookup(p, cc);
    if (hit) return hit;
  }
  for (const w of whole.split(' ')) {
    if (w.length < 4) continue;
    const hit = lookup(w, cc);
    if (hit && (!cc || hit.country === cc)) return hit;
  }
  return null;
}

const COUNTRY_NAMES: Record<string, string> = {
  turkey: 'TR',
  turkiye: 'TR',
  syria: 'SY',
  'syrian arab republic': 'SY',
  iraq: 'IQ',
  jordan: 'JO',
  lebanon: 'LB',
  iran: 'IR',
  denmark: 'DK',
  spain: 'ES',
  germany: 'DE',
  'united kingdom': 'GB',
  uk: 'GB',
  china: 'CN',
  'united arab emirates': 'AE',
  uae: 'AE',
};

/** ISO alpha-2 code of a country given as a code or a common name; null when unknown. */
export function countryCode(country: string | null | undefined): string | null {
  if (!country) return null;
  const t = country.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  return COUNTRY_NAMES[foldText(t)] ?? null;
}

export interface NearestCrossing {
  crossing: Crossing;
  distance_km: number;
}

export function nearestCrossing(lat: number, lon: number): NearestCrossing | null {
  let best: NearestCrossing | null = null;
  for (const c of CROSSINGS) {
    const d = distanceKm(lat, lon, c.lat, c.lon);
    if (!best || d < best.distance_km) best = { crossing: c, distance_km: d };
  }
  return best;
}

/** The first listed area a place lies in, or null. */
export function areaOf(place: Place): Area | null {
  for (const a of AREAS) {
    if (a.country) {
      if (place.country === a.country) return a;
    } else if (a.lat !== undefined && a.lon !== undefined && a.radius_km !== undefined) {
      if (distanceKm(place.lat, place.lon, a.lat, a.lon) <= a.radius_km) return a;
    }
  }
  return null;
}

/** Folded single-word names of towns of 10 000 people or more: too common to link two parties. */
export function isTownWord(word: string): boolean {
  const list = loadGazetteer().get(word);
  return CROSSING_WORDS.has(word) || Boolean(list && list.some((p) => p.population >= 10_000));
}
