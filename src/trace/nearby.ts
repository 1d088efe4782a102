import { dayNumber } from '../core/date.ts';
import { distanceKm } from '../geo/offset.ts';
import type { Point } from './context.ts';
import type { NearbyIncident, NearbyReport } from './schema.ts';

/** The stated defaults of `arms nearby` and of the trace's `nearby`. */
export const NEARBY_DEFAULTS = { km: 50, daysBefore: 180, daysAfter: 0 } as const;

export interface NearbyOptions {
  /** Radius around the seizure's place, km (default 50). */
  km?: number;
  /** Days before the seizure an incident may be (default 180). */
  daysBefore?: number;
  /** Days after the seizure (default 0: the campaign before the cache is found). */
  daysAfter?: number;
}

export interface IncidentPoint {
  id: string;
  date: string | null;
  place: string | null;
  country_code: string | null;
  lat: number | null;
  lon: number | null;
  attack_type: string | null;
  perpetrator: string | null;
  killed: number | null;
  wounded: number | null;
}

/**
 * Incidents within `km` of a seizure's place and inside the window [date − daysBefore,
 * date + daysAfter], nearest in time first (then nearest in space). Incidents without a
 * date or a point are left out; a seizure without a date or a known place finds nothing
 * and says why in `notes`.
 */
export function nearbyIncidents(
  seizure: { id: string; seizure_date: string | null; place: string | null },
  point: Point | null,
  incidents: IncidentPoint[],
  opts: NearbyOptions = {},
): NearbyReport {
  const km = opts.km ?? NEARBY_DEFAULTS.km;
  const daysBefore = opts.daysBefore ?? NEARBY_DEFAULTS.daysBefore;
  const daysAfter = opts.daysAfter ?? NEARBY_DEFAULTS.daysAfter;
  const notes: string[] = [];
  const day = dayNumber(seizure.seizure_date);
  const base = {
    seizure_id: seizure.id,
    seizure_date: seizure.seizure_date,
    place: seizure.place,
    point,
    km,
    days_before: daysBefore,
    days_after: daysAfter,
  };
  if (day === null) notes.push('the seizure is undated: no time window');
  if (!point) notes.push(`the seizure's place "${seizure.place ?? ''}" is not in the gazetteer`);
  if (day === null || !point) return { ...base, incidents: [], notes };
  const out: NearbyIncident[] = [];
  for (const i of incidents) {
    if (i.lat === null || i.lon === null) continue;
    const d = dayNumber(i.date);
    if (d === null) continue;
    const before = day - d;
    if (before > daysBefore || -before > daysAfter) continue;
    const dist = distanceKm(point.lat, point.lon, i.lat, i.lon);
    if (dist > km) continue;
    out.push({
      id: i.id,
      date: i.date,
      place: i.place,
      country_code: i.country_code,
      attack_type: i.attack_type,
      perpetrator: i.perpetrator,
      killed: i.killed,
      wounded: i.wounded,
      distance_km: Math.round(dist * 10) / 10,
      days_before: before,
    });
  }
  out.sort(
    (a, b) =>
      Math.abs(a.days_before) - Math.abs(b.days_before) ||
      a.distance_km - b.distance_km ||
      a.id.localeCompare(b.id),
  );
  return { ...base, incidents: out, notes };
}
