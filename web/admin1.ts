// Build-time geography for the map, served to the app as the virtual module `virtual:geo`.
//
// Country borders come from the installed world-atlas (Natural Earth 1:50m TopoJSON). No
// installed package ships admin-1 polygons, so the admin-1 areas are DERIVED here: a
// 0.25° grid over each country of our gazetteer, each cell given to the admin-1 unit of
// the nearest gazetteer place (a discrete Voronoi partition of the places, clipped to
// the country's border), and each unit's cells merged into horizontal runs. The shapes
// are approximate (a cell is ~25 km) and honest about it in the map's legend; a real
// admin-1 boundary file can replace this module without touching the map.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

const require = createRequire(import.meta.url);
const GEO_DATA = fileURLToPath(new URL('../src/geo/data/', import.meta.url));
const CELL = 0.25;

interface Place {
  lat: number;
  lon: number;
  admin1: string;
}

function readTsv(file: string): string[][] {
  try {
    return readFileSync(GEO_DATA + file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('\t'));
  } catch {
    return [];
  }
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygons(x: number, y: number, polys: Position[][][]): boolean {
  for (const rings of polys) {
    if (rings[0] && inRing(x, y, rings[0]) && !rings.slice(1).some((h) => inRing(x, y, h)))
      return true;
  }
  return false;
}

function bbox(polys: Position[][][]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [180, 90, -180, -90];
  for (const rings of polys)
    for (const [x, y] of rings[0] ?? []) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
  return [minX, minY, maxX, maxY];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

export function buildGeo(): { topology: Topology; admin1: FeatureCollection } {
  const topo = require('world-atlas/countries-50m.json') as Topology;
  const world = feature(topo, topo.objects.countries as GeometryCollection) as FeatureCollection<
    Polygon | MultiPolygon,
    { name: string }
  >;
  const numericToAlpha2 = new Map<string, string>();
  for (const row of readTsv('countries.tsv'))
    if (row[3]) numericToAlpha2.set(row[3].padStart(3, '0'), row[0]!);
  const admin1Names = new Map<string, { name: string; aliases: string[] }>();
  for (const row of readTsv('admin1.tsv'))
    admin1Names.set(row[0]!, {
      name: row[1]!,
      aliases: (row[2] ?? '').split(';').filter(Boolean),
    });
  const placesByCountry = new Map<string, Place[]>();
  for (const row of readTsv('places.tsv')) {
    const [, , , , lat, lon, , cc, admin1] = row;
    if (!cc || !admin1 || admin1 === '00') continue;
    const list = placesByCountry.get(cc) ?? [];
    list.push({ lat: Number(lat), lon: Number(lon), admin1 });
    placesByCountry.set(cc, list);
  }

  const admin1: Feature[] = [];
  for (const f of world.features) {
    const alpha2 = numericToAlpha2.get(String(f.id ?? ''));
    const places = alpha2 ? placesByCountry.get(alpha2) : undefined;
    if (!alpha2 || !places?.length) continue;
    const polys: Position[][][] =
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const [minX, minY, maxX, maxY] = bbox(polys);
    const runs = new Map<string, Position[][][]>();
    for (let y = Math.floor(minY / CELL) * CELL; y < maxY; y += CELL) {
      let runCode: string | null = null;
      let runStart = 0;
      const flush = (end: number) => {
        if (runCode === null) return;
        const list = runs.get(runCode) ?? [];
        list.push([
          [
            [r2(runStart), r2(y)],
            [r2(end), r2(y)],
            [r2(end), r2(y + CELL)],
            [r2(runStart), r2(y + CELL)],
            [r2(runStart), r2(y)],
          ],
        ]);
        runs.set(runCode, list);
        runCode = null;
      };
      let x = Math.floor(minX / CELL) * CELL;
      for (; x < maxX; x += CELL) {
        const cx = x + CELL / 2;
        const cy = y + CELL / 2;
        let code: string | null = null;
        if (inPolygons(cx, cy, polys)) {
          let best = Infinity;
          const k = Math.cos((cy * Math.PI) / 180) ** 2;
          for (const p of places) {
            const d = (p.lat - cy) ** 2 + k * (p.lon - cx) ** 2;
            if (d < best) {
              best = d;
              code = `${alpha2}.${p.admin1}`;
            }
          }
        }
        if (code !== runCode) {
          flush(x);
          if (code !== null) {
            runCode = code;
            runStart = x;
          }
        }
      }
      flush(x);
    }
    for (const [code, coordinates] of runs)
      admin1.push({
        type: 'Feature',
        properties: {
          code,
          country_code: alpha2,
          name: admin1Names.get(code)?.name ?? code,
          aliases: admin1Names.get(code)?.aliases ?? [],
        },
        geometry: { type: 'MultiPolygon', coordinates },
      });
  }
  // The borders stay TopoJSON (shared arcs: a sixth of the GeoJSON's size); the app
  // converts them with topojson-client.
  return { topology: topo, admin1: { type: 'FeatureCollection', features: admin1 } };
}
