import { placesIn, type Place } from './gazetteer.ts';
import { distanceKm } from './offset.ts';

/**
 * The gazetteer town nearest to a point inside one country, by great-circle distance: a
 * linear scan, since a country holds at most a few thousand towns and a text a handful
 * of computed points. Used to give an offset point its province.
 */
export function nearestPlace(
  lat: number,
  lon: number,
  countryCode: string,
  maxKm = 150,
): Place | null {
  let best: Place | null = null;
  let bestKm = maxKm;
  for (const p of placesIn(countryCode)) {
    if (!p.admin1) continue;
    const d = distanceKm(lat, lon, p.lat, p.lon);
    if (d < bestKm) {
      bestKm = d;
      best = p;
    }
  }
  return best;
}

/** The point of a list nearest to a position (the first of equals), with its distance in km. */
export function nearestPoint<T extends { lat: number; lon: number }>(
  points: readonly T[],
  lat: number,
  lon: number,
): { point: T; distance_km: number } | null {
  let best: { point: T; distance_km: number } | null = null;
  for (const p of points) {
    const d = distanceKm(lat, lon, p.lat, p.lon);
    if (!best || d < best.distance_km) best = { point: p, distance_km: d };
  }
  return best;
}

/** A region given as a whole country (ISO alpha-2) or as a circle around a point. */
export interface Region {
  country?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  radius_km?: number | undefined;
}

/** Whether a position in a country lies in a region: the same country, or within the circle. */
export function inRegion(region: Region, countryCode: string, lat: number, lon: number): boolean {
  if (region.country) return countryCode === region.country;
  if (region.lat === undefined || region.lon === undefined || region.radius_km === undefined)
    return false;
  return distanceKm(lat, lon, region.lat, region.lon) <= region.radius_km;
}
