/**
 * Screening evaluation on a development set laid out as OpenSanctions-style screening sets
 * are (a target list of OFAC sdn/alt/add CSV files, a queries CSV, a truth CSV and the
 * set's own scorer `eval_screen.py`), and transliteration recall@1 on tab-separated
 * Arabic-script / Latin name pairs. Nothing is copied: every path is given on the command line.
 *
 *   npx tsx src/resolve/eval/screening.ts --set DIR [--threshold T | --low RAW]
 *       [--translit FILE.txt] [--cli] [--out DIR]
 *
 * Hits are kept down to the raw score RAW (default 0.5), or with --threshold down to the
 * calibrated score T (the scorer's headline recall and negatives hit are then those at T).
 *
 * In-process by default (the same functions `chokepoint screen` calls, without the
 * database: quick to iterate); `--cli` runs the real CLI on a fresh SQLite file instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../../core/encoding.ts';
import { readNameCsv } from '../csv.ts';
import { buildIndex } from '../blocking.ts';
import { DEFAULT_THRESHOLD } from '../match.ts';
import { calibrate, rawThreshold } from '../calibration.ts';
import { recordFromFtm, type NameRecord } from '../record.ts';
import { attachOfacExtras, parseAddCsv, parseAltCsv, parseSdnCsv } from '../lists/index.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** A screening hit with its scores and its label by the set's truth. */
export interface LabelledHit {
  query: string;
  entity_id: string;
  score: number;
  raw: number;
  label: boolean;
}

/**
 * The hits of screening results (JSON lines) labelled by the set's truth: true when the
 * hit is the query's truth target, false when the query is a negative or the hit another
 * entity (some of those are the list's own duplicates, so the share true errs low).
 * Queries neither paired nor negative are left out.
 */
export function labelledHits(
  jsonl: string,
  truth: Map<string, string>,
  negatives: Set<string>,
): LabelledHit[] {
  const out: LabelledHit[] = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      id: string;
      hits: { entity_id: string; score: number; raw_score?: number }[];
    };
    const target = truth.get(r.id);
    if (target === undefined && !negatives.has(r.id)) continue;
    for (const h of r.hits)
      out.push({
        query: r.id,
        entity_id: h.entity_id,
        score: h.score,
        raw: h.raw_score ?? h.score,
        label: target !== undefined && h.entity_id.replace(/^\D+/, '') === target,
      });
  }
  return out;
}

function readText(path: string): string {
  return decodeText(readFileSync(path)).text;
}

/** The OFAC target list of a set, as the CLI would import it (sdn, then alt and add). */
export function loadOfac(dir: string): NameRecord[] {
  const sdn = parseSdnCsv(readText(join(dir, 'sdn.csv')), 'sdn.csv');
  attachOfacExtras(
    sdn,
    parseAltCsv(readText(join(dir, 'alt.csv')), 'alt.csv'),
    parseAddCsv(readText(join(dir, 'add.csv')), 'add.csv'),
  );
  return sdn.map((e) => recordFromFtm(e, 'us-ofac-sdn'));
}

/**
 * Screens each query down to a low raw score, JSON lines as `screen --json` writes them
 * (the calibrated `score`) with each hit's `raw_score` too (what calibrate.ts refits on).
 */
export function screenJsonl(targets: NameRecord[], queries: NameRecord[], low: number): string {
  const index = buildIndex(targets);
  return queries
    .map((q) =>
      JSON.stringify({
        id: q.id,
        name: q.names[0] ?? '',
        hits: index.search(q, { rawThreshold: low, limit: 10 }).map((h) => ({
          entity_id: h.id,
          name: h.record.names[0] ?? h.id,
          score: h.score,
          raw_score: h.raw_score,
          list: h.record.list ?? null,
          features: h.features,
        })),
      }),
    )
    .join('\n');
}

/**
 * recall@1 of each Arabic-script name against every distinct Latin spelling of the file:
 * the Latin spelling paired with it must be the best (ties count as found when it is among them).
 */
export function translitRecall(pairs: [string, string][]): { recall: number; n: number } {
  const latin = [...new Set(pairs.map((p) => p[1]))];
  const targets: NameRecord[] = latin.map((l, i) => ({
    id: `l${i}`,
    names: [l],
    schema: 'Person',
  }));
  const idOf = new Map(latin.map((l, i) => [l, `l${i}`]));
  const index = buildIndex(targets);
  let found = 0;
  for (const [ar, la] of pairs) {
    const hits = index.search(
      { id: 'q', names: [ar], schema: 'Person' },
      { rawThreshold: 0.3, limit: 50 },
    );
    const top = hits[0]?.score ?? -1;
    if (hits.some((h) => h.score === top && h.id === idOf.get(la))) found++;
  }
  return { recall: found / pairs.length, n: pairs.length };
}

/** Calibrated score bins of the reliability table: [lower, upper). */
export const BINS = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001];

export interface ReliabilityRow {
  bin: string;
  hits: number;
  true: number;
  /** Share of the bin's hits that are true pairs. */
  precision: number;
  meanScore: number;
}

/**
 * The reliability curve of screening hits (Niculescu-Mizil & Caruana 2005): hits binned by
 * score, each bin's share of true pairs. A hit is labelled by the set's truth (document
 * numbers, birth date and country; never names): true when it is the query's truth
 * target, false when the query is a negative or the hit is another entity than its truth.
 */
export function reliability(
  jsonl: string,
  truth: Map<string, string>,
  negatives: Set<string>,
): ReliabilityRow[] {
  const rows = BINS.slice(0, -1).map((lo, i) => ({ lo, hi: BINS[i + 1]!, n: 0, t: 0, sum: 0 }));
  for (const h of labelledHits(jsonl, truth, negatives)) {
    const row = rows.find((b) => h.score >= b.lo && h.score < b.hi);
    if (!row) continue;
    row.n++;
    row.sum += h.score;
    if (h.label) row.t++;
  }
  return rows.map((b) => ({
    bin: `${b.lo.toFixed(2)}–${Math.min(1, b.hi).toFixed(2)}`,
    hits: b.n,
    true: b.t,
    precision: b.n ? b.t / b.n : NaN,
    meanScore: b.n ? b.sum / b.n : NaN,
  }));
}

export function readTruth(set: string): { truth: Map<string, string>; negatives: Set<string> } {
  const truth = new Map<string, string>();
  for (const line of readFileSync(join(set, 'truth.csv'), 'utf8').split('\n').slice(1)) {
    const [q, t] = line.split(',');
    if (q && t) truth.set(q.trim(), t.trim());
  }
  const negatives = new Set<string>();
  for (const line of readFileSync(join(set, 'negatives.csv'), 'utf8').split('\n').slice(1)) {
    const id = line.split(',')[0]?.trim();
    if (id) negatives.add(id);
  }
  return { truth, negatives };
}

function printReliability(title: string, rows: ReliabilityRow[]): void {
  process.stdout.write(`reliability (${title}): bin | hits | true | precision | mean score\n`);
  for (const r of rows)
    process.stdout.write(
      `  ${r.bin} | ${r.hits} | ${r.true} | ${Number.isNaN(r.precision) ? '–' : (100 * r.precision).toFixed(1) + ' %'} | ${Number.isNaN(r.meanScore) ? '–' : r.meanScore.toFixed(3)}\n`,
    );
}

function arg(name: string, argv: string[]): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function runCli(set: string, queries: string, out: string, low: number): void {
  const db = join(out, 'screen.db');
  const cli = join(ROOT, 'bin/chokepoint.js');
  for (const f of ['sdn.csv', 'alt.csv', 'add.csv']) {
    const r = spawnSync(
      'node',
      [cli, '--db', db, 'import', 'sanctions', join(set, 'lists/target/ofac_sdn_2021-04', f)],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(r.stderr);
  }
  const r = spawnSync(
    'node',
    // The CLI takes a calibrated threshold: the one of this raw score, a hair lower for rounding.
    [
      cli,
      '--db',
      db,
      'screen',
      join(set, queries),
      '--json',
      '--threshold',
      String(Math.max(0, calibrate(low) - 1e-6)),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  writeFileSync(join(out, `${queries}.jsonl`), r.stdout);
}

function main(argv: string[]): void {
  const set = arg('--set', argv);
  const out = arg('--out', argv) ?? mkdtempSync(join(tmpdir(), 'screening-eval-'));
  // Hits down to a raw score of 0.5 (for the reliability table and the scorer's sweep), or
  // with --threshold T down to the calibrated score T (the scorer's headline figures at T).
  const t = arg('--threshold', argv);
  const low = t !== undefined ? rawThreshold(Number(t)) : Number(arg('--low', argv) ?? 0.5);
  mkdirSync(out, { recursive: true });
  if (set) {
    const { truth, negatives } = readTruth(set);
    const all: string[] = [];
    const targets = loadOfac(join(set, 'lists/target/ofac_sdn_2021-04'));
    for (const queries of ['queries.csv', 'queries_arabic.csv']) {
      if (argv.includes('--cli')) runCli(set, queries, out, low);
      else {
        const records = readNameCsv(readText(join(set, queries)), queries);
        writeFileSync(join(out, `${queries}.jsonl`), screenJsonl(targets, records, low));
      }
      const r = spawnSync(
        'python3',
        [
          join(set, 'eval_screen.py'),
          '--truth',
          join(set, 'truth.csv'),
          '--queries',
          join(set, queries),
          '--results',
          join(out, `${queries}.jsonl`),
          '--negatives',
          join(set, 'negatives.csv'),
        ],
        { encoding: 'utf8' },
      );
      process.stdout.write(`== ${queries} (results in ${out})\n${r.stdout}${r.stderr}`);
      const jsonl = readFileSync(join(out, `${queries}.jsonl`), 'utf8');
      all.push(jsonl);
      printReliability(queries, reliability(jsonl, truth, negatives));
    }
    printReliability('both', reliability(all.join('\n'), truth, negatives));
  }
  const translit = arg('--translit', argv);
  if (translit) {
    const pairs = readFileSync(translit, 'utf8')
      .split('\n')
      .map((l) => l.split('\t'))
      .filter(
        (f): f is [string, string] => f.length === 2 && f[0]!.trim() !== '' && f[1]!.trim() !== '',
      );
    const { recall, n } = translitRecall(pairs);
    process.stdout.write(
      `transliteration recall@1 ${recall.toFixed(4)} (${n} pairs; default threshold ${DEFAULT_THRESHOLD})\n`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
