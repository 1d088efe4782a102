// In-process evaluation for quick iteration (same data, same measures as run.ts, no CLI).
import { readFileSync } from 'node:fs';
import { readNameCsv } from '../csv.ts';
import { matchPairs } from '../jobs.ts';
import { clusterPairs } from '../cluster.ts';
import {
  parseTranslit,
  translitInputs,
  parseDedup,
  dedupInput,
  scoreTranslit,
  scoreDedup,
} from './run.ts';
const dir = new URL('../fixtures/eval/', import.meta.url);
const T = Number(process.argv[2] ?? 0.75);
const verbose = process.argv.includes('-v');
const rows = parseTranslit(readFileSync(new URL('translit.tsv', dir), 'utf8'));
const { left, right } = translitInputs(rows);
const L = readNameCsv(left, 'l.csv');
const R = readNameCsv(right, 'r.csv');
const t0 = performance.now();
const pairs = matchPairs(L, R, { threshold: T });
const low = matchPairs(L, R, { threshold: 0.3 });
const tr = scoreTranslit(rows, pairs as never, low as never);
const f = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
for (const s of [...tr.byScript, tr.total])
  console.log(s.script.padEnd(17), s.rows.toString().padStart(4), 'P', f(s.precision), 'R', f(s.recall), 'best', f(s.bestAccuracy));
const drows = parseDedup(readFileSync(new URL('dedup.csv', dir), 'utf8'));
const D = readNameCsv(dedupInput(drows), 'd.csv');
const dp = matchPairs(D, undefined, { threshold: T });
const dlow = matchPairs(D, undefined, { threshold: 0.3 });
const cl = clusterPairs(D.map((r) => r.id), dp, T);
const dr = scoreDedup(drows, dp as never, cl as never, dlow as never);
console.log('dedup pairs P', f(dr.pairs.precision), 'R', f(dr.pairs.recall), '| clusters P', f(dr.clusters.precision), 'R', f(dr.clusters.recall), `(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
if (verbose) {
  const byId = new Map(D.map((r) => [r.id, r.names[0]]));
  for (const x of tr.falsePositives) console.log('FP', x.script, x.native, '=', x.latin, x.score);
  for (const x of tr.falseNegatives) console.log('FN', x.script, x.native, '~', x.latin, x.score);
  for (const x of dr.falsePositives) console.log('dFP', byId.get(x.left_id), '=', byId.get(x.right_id), x.score, Object.keys(x.features).join(','));
  for (const x of dr.falseNegatives) console.log('dFN', byId.get(x.a), '~', byId.get(x.b), x.score);
}
