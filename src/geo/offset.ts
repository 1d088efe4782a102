import type { OFFSET_DIRS } from '../incidents/schema.ts';

export type CompassDir = (typeof OFFSET_DIRS)[number];

const EARTH_RADIUS_KM = 6371.0088;

export const BEARINGS: Record<CompassDir, number> = {
  N: 0,
  NE: 45,
  E: 90,
  SE: 135,
  S: 180,
  SW: 225,
  W: 270,
  NW: 315,
};

const toRad = (d: number) => (d * Math.PI) / 180;
const toDeg = (r: number) => (r * 180) / Math.PI;

/**
 * The point `km` away from (lat, lon) along the initial bearing, on a sphere of the mean
 * Earth radius. Great-circle destination formula (Williams, "Aviation Formulary";
 * Sinnott, "Virtues of the Haversine", Sky & Telescope 68(2), 1984): over the tens of
 * kilometres bulletins give, the spherical error (< 0.5 %) is far below the "about" of
 * the text itself.
 */
export function destinationPoint(
  lat: number,
  lon: number,
  km: number,
  bearingDeg: number,
): { lat: number; lon: number } {
  const d = km / EARTH_RADIUS_KM;
  const th = toRad(bearingDeg);
  const p1 = toRad(lat);
  const l1 = toRad(lon);
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th));
  const l2 =
    l1 +
    Math.atan2(
      Math.sin(th) * Math.sin(d) * Math.cos(p1),
      Math.cos(d) - Math.sin(p1) * Math.sin(p2),
    );
  return { lat: round6(toDeg(p2)), lon: round6(((toDeg(l2) + 540) % 360) - 180) };
}

/** Great-circle distance in km (haversine; Sinnott 1984). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dp = toRad(lat2 - lat1);
  const dl = toRad(lon2 - lon1);
  const a =
    Math.sin(dp / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dl / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const DIR_WORDS: Record<string, CompassDir> = {
  north: 'N',
  northeast: 'NE',
  northeastern: 'NE',
  east: 'E',
  southeast: 'SE',
  south: 'S',
  southwest: 'SW',
  west: 'W',
  northwest: 'NW',
  northern: 'N',
  eastern: 'E',
  southern: 'S',
  western: 'W',
  southeastern: 'SE',
  southwestern: 'SW',
  northwestern: 'NW',
  n: 'N',
  ne: 'NE',
  e: 'E',
  se: 'SE',
  s: 'S',
  sw: 'SW',
  w: 'W',
  nw: 'NW',
};

/** "north-east", "North East", "NE", "northeastern" → NE; null for anything else. */
export function compassDir(word: string): CompassDir | null {
  return DIR_WORDS[word.toLowerCase().replace(/[\s-]+/g, '')] ?? null;
}
