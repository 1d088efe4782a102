import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { ChokepointError } from '../core/errors.ts';
import { foldText } from '../core/fold.ts';
import { polygonsCover } from './polygon.ts';

/**
 * Province (admin-1) areas: the polygons that "incidents within a province" asks about and
 * the map draws. No installed package ships admin-1 boundaries, so they are DERIVED: a 0.25°
 * grid over each country of the gazetteer (borders: Natural Earth 1:50m from world-atlas),
 * each cell whose centre lies in the country given to the admin-1 unit of the nearest
 * gazetteer place (a discrete Voronoi partition of the places, clipped to the border), the
 * cells of a unit merged into horizontal runs. The shapes are approximate (a cell is about
 * 25 km) and the map says so; a real boundary file can replace `countryAreas` alone.
 */
export interface ProvinceArea {
  /** GeoNames admin-1 code, `SY.05`. */
  code: string;
  country_code: string;
  /** As bulletins and ACLED write it (the code when the gazetteer names none). */
  name: string;
  aliases: string[];
  /** A MultiPolygon's coordinates: polygons of rings of [lon, lat]. */
  polygons: Position[][][];
  /** [min lon, min lat, max lon, max lat]. */
  bbox: [number, number, number, number];
}

const CELL = 0.25;
const dataFile = (name: string) => new URL(`./data/${name}`, import.meta.url);
const require = createRequire(import.meta.url);

function readTsv(name: string): string[][] {
  return readFileSync(dataFile(name), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}

export function areaCovers(area: ProvinceArea, lat: number, lon: number): boolean {
  const [minLon, minLat, maxLon, maxLat] = area.bbox;
  if (lat < minLat || lat > maxLat || lon < minLon || lon > maxLon) return false;
  return polygonsCover(area.polygons, lat, lon);
}

function bboxOf(polygons: Position[][][]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [180, 90, -180, -90];
  for (const rings of polygons)
    for (const [x, y] of rings[0] ?? []) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
  return [minX, minY, maxX, maxY];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

/** One country's cells given to its places' admin-1 units, as rectangles of horizontal runs. */
function countryRuns(
  alpha2: string,
  border: Position[][][],
  places: { lat: number; lon: number; admin1: string }[],
): Map<string, Position[][][]> {
  const [minX, minY, maxX, maxY] = bboxOf(border);
  const runs = new Map<string, Position[][][]>();
  for (let y = Math.floor(minY / CELL) * CELL; y < maxY; y += CELL) {
    let runCode: string | null = null;
    let runStart = 0;
    const flush = (end: number) => {
      if (runCode === null) return;
      const [x0, x1, y0, y1] = [r2(runStart), r2(end), r2(y), r2(y + CELL)];
      const list = runs.get(runCode) ?? [];
      list.push([
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
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
      if (polygonsCover(border, cy, cx)) {
        let best = Infinity;
        const k = Math.cos((cy * Math.PI) / 180) ** 2;
        for (const p of places) {
          const d = (p.lat - cy) ** 2 + k * (p.lon - cx) ** 2;
          if (d < best) [best, code] = [d, `${alpha2}.${p.admin1}`];
        }
      }
      if (code !== runCode) {
        flush(x);
        if (code !== null) [runCode, runStart] = [code, x];
      }
    }
    flush(x);
  }
  return runs;
}

/** The world's country borders (Natural Earth 1:50m, world-atlas TopoJSON). */
export function worldTopology(): Topology {
  return require('world-atlas/countries-50m.json') as Topology;
}

/** What the areas are derived from, read once: borders, admin-1 names, places by country. */
interface Sources {
  borders: Map<string, Position[][][]>;
  names: Map<string, { name: string; aliases: string[] }>;
  places: Map<string, { lat: number; lon: number; admin1: string }[]>;
}

let sources: Sources | null = null;

function readSources(): Sources {
  if (sources) return sources;
  const topo = worldTopology();
  const world = feature(topo, topo.objects.countries as GeometryCollection) as FeatureCollection<
    Polygon | MultiPolygon
  >;
  const numericToAlpha2 = new Map<string, string>();
  for (const row of readTsv('countries.tsv'))
    if (row[3]) numericToAlpha2.set(row[3].padStart(3, '0'), row[0]!);
  const names = new Map<string, { name: string; aliases: string[] }>();
  for (const row of readTsv('admin1.tsv'))
    names.set(row[0]!, { name: row[1]!, aliases: (row[2] ?? '').split(';').filter(Boolean) });
  const places = new Map<string, { lat: number; lon: number; admin1: string }[]>();
  for (const row of readTsv('places.tsv')) {
    const [, , , , lat, lon, , cc, admin1] = row;
    if (!cc || !admin1 || admin1 === '00') continue;
    const list = places.get(cc) ?? [];
    list.push({ lat: Number(lat), lon: Number(lon), admin1 });
    places.set(cc, list);
  }
  const borders = new Map<string, Position[][][]>();
  for (const f of world.features) {
    const alpha2 = numericToAlpha2.get(String(f.id ?? ''));
    if (alpha2 && places.has(alpha2))
      borders.set(
        alpha2,
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
      );
  }
  return (sources = { borders, names, places });
}

const byCountry = new Map<string, ProvinceArea[]>();

/**
 * One country's derived areas, derived when first asked for (a few tens of milliseconds;
 * all of them take about a second): a query about one province derives its country only.
 */
function countryAreas(alpha2: string): ProvinceArea[] {
  let areas = byCountry.get(alpha2);
  if (areas) return areas;
  const { borders, names, places } = readSources();
  const border = borders.get(alpha2);
  areas = [];
  if (border)
    for (const [code, polygons] of countryRuns(alpha2, border, places.get(alpha2)!))
      areas.push({
        code,
        country_code: alpha2,
        name: names.get(code)?.name ?? code,
        aliases: names.get(code)?.aliases ?? [],
        polygons,
        bbox: bboxOf(polygons),
      });
  byCountry.set(alpha2, areas);
  return areas;
}

/** Every derived province area (about 700), country by country. */
export function provinceAreas(): ProvinceArea[] {
  return [...readSources().borders.keys()].flatMap(countryAreas);
}

/** The areas as GeoJSON features (code, country_code, name, aliases), as the map draws them. */
export function provinceFeatures(): FeatureCollection {
  const features: Feature[] = provinceAreas().map((a) => ({
    type: 'Feature',
    properties: { code: a.code, country_code: a.country_code, name: a.name, aliases: a.aliases },
    geometry: { type: 'MultiPolygon', coordinates: a.polygons },
  }));
  return { type: 'FeatureCollection', features };
}

/** "Deir ez-Zor Governorate", "deir ezzor", "Dayr az Zawr" alike. */
function provinceKey(name: string): string {
  return foldText(name)
    .replace(/\b(province|governorate|state|region|prefecture|muhafazah|vilayet|ili)\b/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Each folded name and other spelling of the gazetteer's admin-1 units, with their codes. */
let codesByKey: Map<string, string[]> | null = null;

function codesNamed(key: string): string[] {
  if (!codesByKey) {
    codesByKey = new Map();
    for (const [code, n] of readSources().names)
      for (const k of new Set([n.name, ...n.aliases].map(provinceKey)))
        codesByKey.set(k, [...(codesByKey.get(k) ?? []), code]);
  }
  return codesByKey.get(key) ?? [];
}

/** The area of an admin-1 code (upper case), if its country's derivation gave it one. */
function areaOfCode(code: string): ProvinceArea | undefined {
  const cc = code.slice(0, code.indexOf('.'));
  return cc ? countryAreas(cc).find((a) => a.code.toUpperCase() === code) : undefined;
}

/**
 * The province a user names: its code (`SY.05`), its name or one of its other spellings,
 * folded; `country` (ISO alpha-2) settles a name two countries share. Only the countries
 * concerned are derived.
 */
export function findProvince(query: string, country?: string): ProvinceArea {
  const cc = country?.trim().toUpperCase();
  const inCountry = (a: ProvinceArea | undefined): a is ProvinceArea =>
    a !== undefined && (!cc || a.country_code === cc);
  const byCode = areaOfCode(query.trim().toUpperCase());
  if (inCountry(byCode)) return byCode;
  const key = provinceKey(query);
  const found = key ? codesNamed(key).map(areaOfCode).filter(inCountry) : [];
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw new ChokepointError('CP_BAD_OPTION', `"${query}" names provinces in several countries`, {
      field: 'country',
      expected: `one of ${found.map((a) => `${a.country_code} (${a.code})`).join(', ')}`,
    });
  throw new ChokepointError('CP_NOT_FOUND', `no province "${query}"`, {
    field: 'province',
    expected: 'an admin-1 code (SY.05) or a province name of the gazetteer',
  });
}
