import L from 'leaflet';
import type { FeatureCollection } from 'geojson';
import type { Incident } from '../../components/Incident.tsx';
import { attackTypeColour } from '../../components/attackTypes.ts';
import type { CaseResponse, ItemOf } from '../../api.ts';
import { foldName } from '../../fold.ts';
import { text } from '../../lib.tsx';

export const SEIZURE_COLOUR = '#111111';

export type Seizure = ItemOf<CaseResponse<'seizures'>>;

/** A record drawn on the map. */
export interface Point {
  lat: number;
  lon: number;
  kind: 'incident' | 'seizure';
  id: string;
  colour: string;
  label: string;
  /** 1 town (a point), 2 area near a town, 3 region (as ACLED); seizures are 3 (their province). */
  precision: 1 | 2 | 3;
}

/** A seizure the map cannot place, and why. */
export interface Unplaced {
  id: string;
  place: string | null;
  why: string;
}

/**
 * Greedy distance clustering in screen space (the single pass of Leaflet.markercluster
 * and supercluster, without their hierarchy): each point joins the first cluster seed
 * within `px` pixels at the current zoom, found through a grid of px-sized cells, or
 * seeds a new cluster. Seeds are thus at least `px` apart and badges rarely overlap.
 */
export function cluster(
  map: L.Map,
  points: Point[],
  px = 48,
): { centre: L.LatLng; members: Point[] }[] {
  const zoom = map.getZoom();
  const seeds: { x: number; y: number; members: Point[] }[] = [];
  const grid = new Map<string, number[]>();
  for (const p of points) {
    const xy = map.project([p.lat, p.lon], zoom);
    const cx = Math.floor(xy.x / px);
    const cy = Math.floor(xy.y / px);
    let found = -1;
    for (let dx = -1; dx <= 1 && found < 0; dx++)
      for (let dy = -1; dy <= 1 && found < 0; dy++)
        for (const i of grid.get(`${cx + dx}:${cy + dy}`) ?? []) {
          const s = seeds[i]!;
          if ((s.x - xy.x) ** 2 + (s.y - xy.y) ** 2 < px * px) {
            found = i;
            break;
          }
        }
    if (found >= 0) seeds[found]!.members.push(p);
    else {
      const key = `${cx}:${cy}`;
      grid.set(key, [...(grid.get(key) ?? []), seeds.length]);
      seeds.push({ x: xy.x, y: xy.y, members: [p] });
    }
  }
  return seeds.map(({ members }) => {
    const lat = members.reduce((s, m) => s + m.lat, 0) / members.length;
    const lon = members.reduce((s, m) => s + m.lon, 0) / members.length;
    return { centre: L.latLng(lat, lon), members };
  });
}

/**
 * Seizures are recorded with a place text, not coordinates: place each one, approximately,
 * at the centre of the admin-1 area its place names ("Abu Khashab, Deir ez-Zor").
 */
export function admin1Centres(admin1: FeatureCollection): Map<string, [number, number]> {
  const centres = new Map<string, [number, number]>();
  for (const f of admin1.features) {
    const p = f.properties as { name: string; aliases?: string[] };
    if (f.geometry.type !== 'MultiPolygon') continue;
    let area = 0;
    let sx = 0;
    let sy = 0;
    for (const poly of f.geometry.coordinates) {
      const ring = poly[0]!;
      const [x0, y0] = ring[0] as [number, number];
      const [x1, y1] = ring[2] as [number, number];
      const a = Math.abs((x1 - x0) * (y1 - y0));
      area += a;
      sx += (a * (x0 + x1)) / 2;
      sy += (a * (y0 + y1)) / 2;
    }
    if (area === 0) continue;
    for (const name of [p.name, ...(p.aliases ?? [])])
      centres.set(foldName(name), [sy / area, sx / area]);
  }
  return centres;
}

export function placeSeizure(
  s: Seizure,
  centres: Map<string, [number, number]>,
): [number, number] | null {
  // A seizure has a place but no coordinates: it is placed at its province.
  for (const part of (s.place ?? '').split(',').reverse()) {
    const hit = centres.get(foldName(part.trim()));
    if (hit) return hit;
  }
  return null;
}

function precisionOf(v: unknown): 1 | 2 | 3 {
  return v === 1 || v === 2 ? v : v === 3 ? 3 : 2;
}

/**
 * The seizures the map cannot place, each with the reason (shown beside the map, so that
 * none is silently missing).
 */
export function unplacedSeizures(
  seizures: Seizure[] | null,
  admin1: FeatureCollection | null,
): Unplaced[] {
  if (!admin1) return [];
  const centres = admin1Centres(admin1);
  return (seizures ?? [])
    .filter((s) => !placeSeizure(s, centres))
    .map((s) => ({
      id: s.id,
      place: s.place ?? null,
      why: s.place
        ? `“${s.place}” names no province the map knows${s.country ? ` in ${s.country}` : ''}, and a seizure has no coordinates of its own`
        : 'no place recorded',
    }));
}

/** The points to draw: the placed incidents shown, then the seizures placed at their province. */
export function mapPoints(
  incidents: Incident[] | null,
  seizures: Seizure[] | null,
  admin1: FeatureCollection | null,
): Point[] {
  const out: Point[] = [];
  for (const i of incidents ?? [])
    if (typeof i.lat === 'number' && typeof i.lon === 'number')
      out.push({
        lat: i.lat,
        lon: i.lon,
        kind: 'incident',
        id: i.id,
        colour: attackTypeColour(text(i.attack_type)),
        label: `${i.date ?? ''} ${text(i.attack_type)} ${i.place ?? ''}`,
        precision: precisionOf(i.geo_precision),
      });
  const centres = admin1 ? admin1Centres(admin1) : new Map<string, [number, number]>();
  for (const s of seizures ?? []) {
    const at = placeSeizure(s, centres);
    if (at)
      out.push({
        lat: at[0],
        lon: at[1],
        kind: 'seizure',
        id: s.id,
        colour: SEIZURE_COLOUR,
        label: `seizure ${s.id} ${s.place ?? ''} (placed at its province)`,
        precision: 3,
      });
  }
  return out;
}
