import type { Feature, FeatureCollection, Position } from 'geojson';
// The same covers rule as `incidents within` on SQLite (one implementation, no Node.js imports).
import { polygonsCover } from '../../../../src/geo/polygon.ts';

/**
 * The province (admin-1) areas the map draws from `virtual:geo` (derived in
 * src/geo/provinces.ts from the gazetteer's places: approximate), as the "incidents within a
 * province" tool uses them: the picker's choices, the area under a point of the map, and
 * the area's outline.
 */
export interface ProvinceProps {
  code: string;
  country_code: string;
  name: string;
  aliases?: string[];
}

/** A feature's properties, or null when it is not a province area. */
export function provinceOf(f: Feature): ProvinceProps | null {
  const p = f.properties as Partial<ProvinceProps> | null;
  if (!p || typeof p.code !== 'string' || typeof p.name !== 'string') return null;
  return {
    code: p.code,
    country_code: String(p.country_code ?? ''),
    name: p.name,
    aliases: p.aliases ?? [],
  };
}

/** The picker's choices: every province, by country then name. */
export function provinceChoices(admin1: FeatureCollection): ProvinceProps[] {
  return admin1.features
    .map(provinceOf)
    .filter((p): p is ProvinceProps => p !== null)
    .sort(
      (a, b) =>
        a.country_code.localeCompare(b.country_code) ||
        a.name.localeCompare(b.name) ||
        a.code.localeCompare(b.code),
    );
}

/** A feature's polygons (rings of [lon, lat]); none for another geometry. */
function polygonsOf(f: Feature): Position[][][] {
  const g = f.geometry;
  if (g?.type === 'Polygon') return [g.coordinates];
  if (g?.type === 'MultiPolygon') return g.coordinates;
  return [];
}

/** The province area under a point of the map (the first, on a shared edge), or null. */
export function provinceAt(
  admin1: FeatureCollection,
  lat: number,
  lon: number,
): ProvinceProps | null {
  for (const f of admin1.features) {
    const p = provinceOf(f);
    if (p && polygonsCover(polygonsOf(f), lat, lon)) return p;
  }
  return null;
}

/** The area of a province code (as the API resolved it), or undefined. */
export function areaOf(admin1: FeatureCollection, code: string): Feature | undefined {
  return admin1.features.find((f) => provinceOf(f)?.code === code);
}

/**
 * The outline of an area: the edges of its polygons that no other of its polygons shares.
 * The derived areas are made of grid-aligned strips, whose own edges would stripe the area;
 * the outline is its border only. Edges along one horizontal or vertical line are first
 * cut at each other's ends, so that a partly shared edge leaves its unshared part.
 * As [lat, lon] lines, for Leaflet.
 */
export function outlineOf(f: Feature): [number, number][][] {
  type Seg = [number, number, number, number];
  const horizontal = new Map<number, Seg[]>();
  const vertical = new Map<number, Seg[]>();
  const other: Seg[] = [];
  for (const rings of polygonsOf(f))
    for (const ring of rings)
      for (let i = 1; i < ring.length; i++) {
        const [x0 = 0, y0 = 0] = ring[i - 1]!;
        const [x1 = 0, y1 = 0] = ring[i]!;
        if (x0 === x1 && y0 === y1) continue;
        const s: Seg = [x0, y0, x1, y1];
        if (y0 === y1) horizontal.set(y0, [...(horizontal.get(y0) ?? []), s]);
        else if (x0 === x1) vertical.set(x0, [...(vertical.get(x0) ?? []), s]);
        else other.push(s);
      }
  const lines: [number, number][][] = [];
  // One line's edges as intervals, cut at every end, each piece kept when one edge covers it.
  const along = (
    byLine: Map<number, Seg[]>,
    ends: (s: Seg) => [number, number],
    point: (line: number, v: number) => [number, number],
  ) => {
    for (const [line, segs] of byLine) {
      const spans = segs.map((s) => {
        const [a, b] = ends(s);
        return [Math.min(a, b), Math.max(a, b)] as const;
      });
      const cuts = [...new Set(spans.flat())].sort((a, b) => a - b);
      let run: [number, number] | null = null;
      for (let k = 1; k < cuts.length; k++) {
        const [a, b] = [cuts[k - 1]!, cuts[k]!];
        const covering = spans.filter(([s0, s1]) => s0 <= a && s1 >= b).length;
        if (covering === 1) {
          if (run && run[1] === a) run[1] = b;
          else {
            if (run) lines.push([point(line, run[0]), point(line, run[1])]);
            run = [a, b];
          }
        }
      }
      if (run) lines.push([point(line, run[0]), point(line, run[1])]);
    }
  };
  along(
    horizontal,
    (s) => [s[0], s[2]],
    (y, x) => [y, x],
  );
  along(
    vertical,
    (s) => [s[1], s[3]],
    (x, y) => [y, x],
  );
  const key = (s: Seg) =>
    s[0] < s[2] || (s[0] === s[2] && s[1] < s[3])
      ? `${s[0]},${s[1]},${s[2]},${s[3]}`
      : `${s[2]},${s[3]},${s[0]},${s[1]}`;
  const counts = new Map<string, number>();
  for (const s of other) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  for (const s of other)
    if (counts.get(key(s)) === 1)
      lines.push([
        [s[1], s[0]],
        [s[3], s[2]],
      ]);
  return lines;
}
