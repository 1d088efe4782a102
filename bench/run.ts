import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rows } from './harness.ts';

/**
 * Runs every `bench/*.bench.ts` in turn (or those whose name contains an argument:
 * `npm run bench -- network`), then writes all figures to bench/out/results.json.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const mod = (await import(`./${f}`)) as { run: () => Promise<void> };
  await mod.run();
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/results.json', import.meta.url), JSON.stringify(rows, null, 2));
process.stdout.write(`\n${rows.length} figure(s) written to bench/out/results.json\n`);
