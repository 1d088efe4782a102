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
