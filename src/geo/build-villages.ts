/**
 * Derives `data/villages/XX.tsv` (one file per country) from Who's On First country
 * repositories (`whosonfirst-data-admin-XX`, fetched by hand: nothing is downloaded here).
 * Their localities are GeoNames' populated places of the country (`src:geom` geonames,
 * with GeoNames' admin-1 code), with the names WOF gathered in every language, Arabic
 * script included, and WOF's own hierarchy (region, county) for the admin-2 name.
 *
 *   npx tsx src/geo/build-villages.ts /path/to/whosonfirst-data-admin-sy /path/to/…-iq …
 *
 * Each argument is a WOF repository checkout (or its `data/` folder); the country is read
 * from the records. Kept: current localities and neighbourhoods not already in
 * `places.tsv` (cities500); their Latin-script names that give a new transliteration key
 * (`softKey`: "Al ‘Izbah", "Al-Izbah" and "Izba" are one key, so one is kept) and up to two
 * Arabic-script names. Pakistan keeps the provinces of its insurgencies only (Khyber
 * Pakhtunkhwa with the former tribal areas, and Balochistan): its 100 000 villages of
 * Punjab and Sindh would double the file for places bulletins name by their towns.
 *
 * Licence: WOF is CC0 for its own work; the localities are GeoNames' (CC BY 4.0,
 * attribution GeoNames.org), as `places.tsv` is.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { softKey } from './gazetteer.ts';

type Props = Record<string, unknown>;

const ARABIC = /\p{Script=Arabic}/u;
const LATIN_NAME = /^[\p{Script=Latin}\s\-'’‘ʿʾ`.()]+$/u;
/** Former FATA (PK.01) was merged into Khyber Pakhtunkhwa in 2018. */
const ADMIN1_MERGED: Record<string, string> = { 'PK.01': 'PK.03' };
const KEEP_ADMIN1: Record<string, ReadonlySet<string>> = { PK: new Set(['01', '02', '03']) };
const MAX_LATIN = 6;
const MAX_ARABIC = 2;
/** Arabic-script names are kept where Arabic is a language of the country (elsewhere they are Dari, Pashto, Urdu or Hausa ajami spellings the text never uses). */
const ARABIC_COUNTRIES = new Set(['SY', 'IQ', 'EG', 'TD', 'SO', 'SD', 'LY', 'JO', 'LB']);

function* geojsonFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) yield* geojsonFiles(p);
    else if (entry.endsWith('.geojson')) yield p;
  }
}

function coreGeonameIds(): Set<string> {
  const ids = new Set<string>();
  const text = readFileSync(new URL('./data/places.tsv', import.meta.url), 'utf8');
  for (const line of text.split('\n')) {
    const id = line.slice(0, line.indexOf('\t'));
    if (id) ids.add(id);
  }
  return ids;
}

/** "8.0", "8", "08" → "08"; letters stay ("C"). */
function admin1Code(raw: unknown): string {
  if (raw === undefined || raw === null || raw === '' || raw === 'None') return '';
  const s = String(raw).replace(/\.0$/, '');
  return /^\d$/.test(s) ? `0${s}` : s;
}

function namesOf(
  p: Props,
  withArabic: boolean,
): { name: string; latin: string[]; arabic: string[] } {
  const name = String(p['gn:name'] ?? p['wof:name'] ?? '');
  const keys = new Set([softKey(name)]);
  const latin: string[] = [];
  const arabic: string[] = [];
  const candidates: string[] = [String(p['wof:name'] ?? ''), String(p['gn:asciiname'] ?? '')];
  // Preferred names first (English, French, Arabic…), then the variants.
  const fields = Object.keys(p)
    .filter((k) => k.startsWith('name:'))
    .sort((a, b) => Number(a.includes('variant')) - Number(b.includes('variant')));
  for (const k of fields) {
    const v = p[k];
    if (Array.isArray(v)) candidates.push(...v.map(String));
  }
  for (const c of candidates) {
    const s = c.trim();
    if (!s || s.length > 40) continue;
    if (ARABIC.test(s)) {
      if (withArabic && arabic.length < MAX_ARABIC && !arabic.includes(s)) arabic.push(s);
      continue;
    }
    if (!LATIN_NAME.test(s) || latin.length >= MAX_LATIN) continue;
    const key = softKey(s);
    if (!key || keys.has(key)) continue;
    keys.add(key);
    latin.push(s);
  }
  return { name, latin, arabic };
}

export interface BuiltVillages {
  /** Country code → lines of its file (without the admin-2 table). */
  byCountry: Map<string, string[]>;
  /** Country code → its admin-2 names; a line gives the index. */
  admin2: Map<string, string[]>;
}

export function buildVillages(dirs: string[]): BuiltVillages {
  const core = coreGeonameIds();
  const byCountry = new Map<string, string[]>();
  const admin2Names = new Map<string, Map<string, number>>();
  for (const dir of dirs) {
    const root = statSync(join(dir, 'data'), { throwIfNoEntry: false })?.isDirectory()
      ? join(dir, 'data')
      : dir;
    const counties = new Map<number, string>();
    const places: Props[] = [];
    for (const file of geojsonFiles(root)) {
      let p: Props;
      try {
        p = (JSON.parse(readFileSync(file, 'utf8')) as { properties: Props }).properties;
      } catch {
        continue;
      }
      const type = p['wof:placetype'];
      if (type === 'county') counties.set(Number(p['wof:id']), String(p['wof:name'] ?? ''));
      else if (type === 'locality' || type === 'neighbourhood') places.push(p);
    }
    for (const p of places) {
      if (p['mz:is_current'] === 0) continue;
      if (Array.isArray(p['wof:superseded_by']) && p['wof:superseded_by'].length) continue;
      if (p['edtf:deprecated'] && p['edtf:deprecated'] !== 'uuuu') continue;
      const gid = p['gn:geonameid'] ?? (p['wof:concordances'] as Props | undefined)?.['gn:id'];
      if (gid !== undefined && core.has(String(gid))) continue;
      const cc = String(p['iso:country'] ?? p['wof:country'] ?? '');
      if (!/^[A-Z]{2}$/.test(cc)) continue;
      let a1 = admin1Code(p['gn:admin1_code']);
      if (KEEP_ADMIN1[cc] && !KEEP_ADMIN1[cc]!.has(a1)) continue;
      const merged = ADMIN1_MERGED[`${cc}.${a1}`];
      if (merged) a1 = merged.split('.')[1]!;
      const lat = Number(p['geom:latitude']);
      const lon = Number(p['geom:longitude']);
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
      const { name, latin, arabic } = namesOf(p, ARABIC_COUNTRIES.has(cc));
      if (!name) continue;
      const hier = ((p['wof:hierarchy'] as Props[] | undefined) ?? [])[0] ?? {};
      const admin2 = counties.get(Number(hier['county_id'])) ?? '';
      const a2table = admin2Names.get(cc) ?? new Map<string, number>();
      admin2Names.set(cc, a2table);
      if (admin2 && !a2table.has(admin2)) a2table.set(admin2, a2table.size);
      const feature =
        String(p['gn:feature_code'] ?? '') ||
        (p['wof:placetype'] === 'neighbourhood' ? 'PPLX' : 'PPL');
      // name, other names, lat, lon (3 decimals: about 100 m), admin-1 code, admin-2 index,
      // feature code (empty for PPL, most of them)
      const line = [
        name,
        [...latin, ...arabic].join('|'),
        lat.toFixed(3),
        lon.toFixed(3),
        a1,
        admin2 ? String(a2table.get(admin2)) : '',
        feature === 'PPL' ? '' : feature,
      ].join('\t');
      const list = byCountry.get(cc) ?? [];
      list.push(line);
      byCountry.set(cc, list);
    }
  }
  const admin2 = new Map([...admin2Names].map(([cc, t]) => [cc, [...t.keys()]]));
  return { byCountry, admin2 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dirs = process.argv.slice(2);
  if (!dirs.length) {
    process.stderr.write('usage: build-villages.ts WOF_REPO_DIR…\n');
    process.exit(2);
  }
  const { byCountry, admin2 } = buildVillages(dirs);
  const outDir = fileURLToPath(new URL('./data/villages/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  for (const [cc, lines] of [...byCountry].sort()) {
    lines.sort();
    const header =
      "# Derived by src/geo/build-villages.ts from Who's On First (GeoNames localities, CC BY 4.0, GeoNames.org)\n" +
      '# name\tother names (|)\tlat\tlon\tadmin-1 code\tadmin-2 (index in @admin2)\tfeature (empty: PPL)\n';
    const table = `@admin2\t${(admin2.get(cc) ?? []).join('|')}\n`;
    // Gzipped: 11.6 MB of text is 4.1 MB so (the loader gunzips one country at a time).
    writeFileSync(
      join(outDir, `${cc}.tsv.gz`),
      gzipSync(header + table + lines.join('\n') + '\n', { level: 9 }),
    );
    process.stdout.write(`${cc}\t${lines.length}\n`);
  }
}
