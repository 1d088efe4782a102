/**
 * Evaluation of the name engine through the real CLI, the way outside checkers run it:
 * `chokepoint match <left.csv> [right.csv] --json` on the hand-written corpus in
 * `src/resolve/fixtures/eval/` (see its README).
 *
 *   npx tsx src/resolve/eval/run.ts [--threshold T] [--low T] [--verbose] [--json] [--keep] [--in-process]
 *
 * - translit.tsv: native-script names (left, ids `n<pair_id>`) against their Latin
 *   spellings (right, ids `l<pair_id>`); precision, recall and best-match accuracy per script.
 * - dedup.csv: one file matched within itself; pairwise precision / recall of the reported
 *   pairs and of the `--clusters` output against the `cluster` column.
 *
 * The computations are pure functions exported below; `main` only writes the CLI input,
 * runs the CLI and prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../../core/csv.ts';
import { readNameCsv } from '../csv.ts';
import type { Features } from '../features.ts';
import { clusterRecords, matchPairs } from '../jobs.ts';
import { DEFAULT_THRESHOLD, matchRecords } from '../match.ts';
import type { NameRecord } from '../record.ts';

// ---------------------------------------------------------------------------------------
// Data

export interface TranslitRow {
  pairId: string;
  script: string;
  native: string;
  latin: string;
  schema: string;
}

/** A pair as the CLI prints it with `--json`. */
export interface ReportedPair {
  left_id: string;
  right_id: string;
  score: number;
  features: Features;
}

export interface ReportedCluster {
  cluster_id: string;
  members: string[];
}

/** Reads translit.tsv (`pair_id, script, native, latin[, schema]`, tab-separated, header). */
export function parseTranslit(text: string): TranslitRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = lines.shift()?.split('\t') ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [iId, iScript, iNative, iLatin, iSchema] = [
    col('pair_id'),
    col('script'),
    col('native'),
    col('latin'),
    col('schema'),
  ];
  if (iId < 0 || iScript < 0 || iNative < 0 || iLatin < 0)
    throw new Error('translit.tsv: header must name pair_id, script, native, latin');
  const seen = new Set<string>();
  return lines.map((line, n) => {
    const f = line.split('\t');
    const row: TranslitRow = {
      pairId: (f[iId] ?? '').trim(),
      script: (f[iScript] ?? '').trim(),
      native: (f[iNative] ?? '').trim(),
      latin: (f[iLatin] ?? '').trim(),
      schema: (iSchema >= 0 ? f[iSchema]?.trim() : '') || 'Person',
    };
    if (!row.pairId || !row.script || !row.native || !row.latin)
      throw new Error(`translit.tsv: incomplete row ${n + 2}: ${line}`);
    if (seen.has(row.pairId)) throw new Error(`translit.tsv: duplicate pair_id ${row.pairId}`);
    seen.add(row.pairId);
    return row;
  });
}

/**
 * Which rows name the same entity: rows whose pair ids share the part before a dot
 * (`ru006.1`, `ru006.2`), and rows sharing a native or a Latin text (the same spelling in
 * two rows is the same person: "Alexander Lukashenko" from Russian and from Belarusian).
 * Returns pair_id → entity key.
 */
export function translitEntities(rows: TranslitRow[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const r of rows) {
    const node = `id:${r.pairId}`;
    union(`base:${r.pairId.split('.')[0]}`, node);
    union(`text:${r.native}`, node);
    union(`text:${r.latin}`, node);
  }
  return new Map(rows.map((r) => [r.pairId, find(`id:${r.pairId}`)]));
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text with a header, every cell quoted as needed (no formula neutralising: names stay as they are). */
export function toCsv(columns: string[], rows: Record<string, string>[]): string {
  return (
    [
      columns.join(','),
      ...rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(',')),
    ].join('\n') + '\n'
  );
}

/** The two CSVs handed to `match`: native names (ids `n<pair_id>`) and Latin ones (`l<pair_id>`). */
export function translitInputs(rows: TranslitRow[]): { left: string; right: string } {
  const cols = ['id', 'name', 'schema'];
  return {
    left: toCsv(
      cols,
      rows.map((r) => ({ id: `n${r.pairId}`, name: r.native, schema: r.schema })),
    ),
    right: toCsv(
      cols,
      rows.map((r) => ({ id: `l${r.pairId}`, name: r.latin, schema: r.schema })),
    ),
  };
}

/** Columns of the match CSV; others (the `cluster` label) are left out of the CLI input. */
export const MATCH_COLUMNS = [
  'id',
  'name',
  'schema',
  'aliases',
  'country',
  'city',
  'birth_date',
  'email',
  'phone',
  'address',
  'registration_number',
];

export interface DedupRow {
  id: string;
  cluster: string;
  values: Record<string, string>;
}

export function parseDedup(text: string): DedupRow[] {
  const { records } = readCsv(text, { file: 'dedup.csv', required: ['id', 'name', 'cluster'] });
  return records.map((r) => ({
    id: r.values.id ?? '',
    cluster: r.values.cluster ?? '',
    values: r.values,
  }));
}

/** The dedup rows as match CSV, without the truth label. */
export function dedupInput(rows: DedupRow[]): string {
  return toCsv(
    MATCH_COLUMNS,
    rows.map((r) => r.values),
  );
}

export function parseJsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as T);
}

// ---------------------------------------------------------------------------------------
// Measures

export interface PRF {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp === 0 ? NaN : tp / (tp + fp);
  const recall = tp + fn === 0 ? NaN : tp / (tp + fn);
  const f1 =
    Number.isFinite(precision) && Number.isFinite(recall) && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : NaN;
  return { tp, fp, fn, precision, recall, f1 };
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/** Pairwise precision / recall of unordered predicted pairs against cluster labels (id → cluster). */
export function pairwise(labels: Map<string, string>, predicted: Iterable<[string, string]>): PRF {
  const byCluster = new Map<string, number>();
  for (const c of labels.values()) byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
  let truth = 0;
  for (const n of byCluster.values()) truth += (n * (n - 1)) / 2;
  const seen = new Set<string>();
  let tp = 0;
  let fp = 0;
  for (const [a, b] of predicted) {
    if (a === b) continue;
    const k = pairKey(a, b);
    if (seen.has(k)) continue;
    seen.add(k);
    const ca = labels.get(a);
    if (ca !== undefined && ca === labels.get(b)) tp++;
    else fp++;
  }
  return prf(tp, fp, truth - tp);
}

/** Every unordered pair of members within each cluster. */
export function pairsOfClusters(clusters: string[][]): [string, string][] {
  const out: [string, string][] = [];
  for (const members of clusters)
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) out.push([members[i]!, members[j]!]);
  return out;
}

/** True pairs of a labelling that are not among the predicted ones. */
export function missedPairs(
  labels: Map<string, string>,
  predicted: Iterable<[string, string]>,
): [string, string][] {
  const got = new Set<string>();
  for (const [a, b] of predicted) got.add(pairKey(a, b));
  const groups = new Map<string, string[]>();
  for (const [id, c] of labels) {
    const g = groups.get(c);
    if (g) g.push(id);
    else groups.set(c, [id]);
  }
  return pairsOfClusters([...groups.values()]).filter(([a, b]) => !got.has(pairKey(a, b)));
}

export interface ScriptStats {
  script: string;
  rows: number;
  /** True (left, right) pairs: every Latin spelling of the same entity counts. */
  expected: number;
  reported: number;
  tp: number;
  precision: number;
  recall: number;
  f1: number;
  /** Lefts whose best-scoring right (in the low-threshold pass) is a true one, strictly above any false one. */
  bestCorrect: number;
  bestAccuracy: number;
}

export interface TranslitPairInfo {
  script: string;
  leftId: string;
  rightId: string;
  native: string;
  latin: string;
  score: number | null;
  features: Features | null;
}

export interface TranslitResult {
  byScript: ScriptStats[];
  total: ScriptStats;
  /** By schema (Person / Company / Organization), all scripts together. */
  bySchema: ScriptStats[];
  falseNegatives: TranslitPairInfo[];
  falsePositives: TranslitPairInfo[];
}

/**
 * Scores `match left right` output for the transliteration corpus. `pairs` are the pairs at
 * the threshold; `lowPairs` (optional) a second pass at a lower threshold, which gives the
 * best-match accuracy and the scores of misses.
 */
export function scoreTranslit(
  rows: TranslitRow[],
  pairs: ReportedPair[],
  lowPairs: ReportedPair[] = pairs,
): TranslitResult {
  const entity = translitEntities(rows);
  const byId = new Map(rows.map((r) => [r.pairId, r]));
  const rowOf = (id: string): TranslitRow | undefined => byId.get(id.slice(1));
  const isTrue = (p: { left_id: string; right_id: string }): boolean => {
    const a = entity.get(p.left_id.slice(1));
    return a !== undefined && a === entity.get(p.right_id.slice(1));
  };
  const members = new Map<string, TranslitRow[]>();
  for (const r of rows) {
    const e = entity.get(r.pairId)!;
    const m = members.get(e);
    if (m) m.push(r);
    else members.set(e, [r]);
  }
  const lowScore = new Map<string, ReportedPair>();
  for (const p of lowPairs) lowScore.set(`${p.left_id}>${p.right_id}`, p);
  const reported = new Set(pairs.map((p) => `${p.left_id}>${p.right_id}`));

  const bestTrue = new Map<string, number>();
  const bestFalse = new Map<string, number>();
  for (const p of lowPairs) {
    const m = isTrue(p) ? bestTrue : bestFalse;
    m.set(p.left_id, Math.max(m.get(p.left_id) ?? -1, p.score));
  }

  const groupStats = (key: (r: TranslitRow) => string): Map<string, ScriptStats> => {
    const stats = new Map<string, ScriptStats>();
    const get = (k: string): ScriptStats => {
      let s = stats.get(k);
      if (!s) {
        s = {
          script: k,
          rows: 0,
          expected: 0,
          reported: 0,
          tp: 0,
          precision: NaN,
          recall: NaN,
          f1: NaN,
          bestCorrect: 0,
          bestAccuracy: NaN,
        };
        stats.set(k, s);
      }
      return s;
    };
    for (const r of rows) {
      const s = get(key(r));
      s.rows++;
      s.expected += members.get(entity.get(r.pairId)!)!.length;
      const left = `n${r.pairId}`;
      if ((bestTrue.get(left) ?? -1) > (bestFalse.get(left) ?? -1)) s.bestCorrect++;
    }
    for (const p of pairs) {
      const r = rowOf(p.left_id);
      if (!r) continue;
      const s = get(key(r));
      s.reported++;
      if (isTrue(p)) s.tp++;
    }
    for (const s of stats.values()) {
      const m = prf(s.tp, s.reported - s.tp, s.expected - s.tp);
      s.precision = m.precision;
      s.recall = m.recall;
      s.f1 = m.f1;
      s.bestAccuracy = s.rows === 0 ? NaN : s.bestCorrect / s.rows;
    }
    return stats;
  };
  const byScript = [...groupStats((r) => r.script).values()].sort((a, b) => b.rows - a.rows);
  const bySchema = [...groupStats((r) => r.schema).values()].sort((a, b) => b.rows - a.rows);
  const total = groupStats(() => 'all').get('all')!;

  const falseNegatives: TranslitPairInfo[] = [];
  for (const r of rows) {
    for (const t of members.get(entity.get(r.pairId)!)!) {
      const leftId = `n${r.pairId}`;
      const rightId = `l${t.pairId}`;
      if (reported.has(`${leftId}>${rightId}`)) continue;
      const low = lowScore.get(`${leftId}>${rightId}`);
      falseNegatives.push({
        script: r.script,
        leftId,
        rightId,
        native: r.native,
        latin: t.latin,
        score: low?.score ?? null,
        features: low?.features ?? null,
      });
    }
  }
  const falsePositives: TranslitPairInfo[] = pairs
    .filter((p) => !isTrue(p))
    .map((p) => ({
      script: rowOf(p.left_id)?.script ?? '?',
      leftId: p.left_id,
      rightId: p.right_id,
      native: rowOf(p.left_id)?.native ?? '?',
      latin: rowOf(p.right_id)?.latin ?? '?',
      score: p.score,
      features: p.features,
    }));
  return { byScript, total, bySchema, falseNegatives, falsePositives };
}

export interface DedupResult {
  rows: number;
  truthClusters: number;
  truthPairs: number;
  pairs: PRF;
  clusters: PRF;
  predictedClusters: number;
  /** Predicted clusters whose members are exactly one truth cluster (of size ≥ 2). */
  exactClusters: number;
  falseNegatives: { a: string; b: string; score: number | null; features: Features | null }[];
  falsePositives: ReportedPair[];
  /** Predicted clusters that join more than one truth cluster. */
  mixedClusters: string[][];
}

export function scoreDedup(
  rows: DedupRow[],
  pairs: ReportedPair[],
  clusters: ReportedCluster[],
  lowPairs: ReportedPair[] = pairs,
): DedupResult {
  const labels = new Map(rows.map((r) => [r.id, r.cluster]));
  const predicted = pairs.map((p): [string, string] => [p.left_id, p.right_id]);
  const pairScores = pairwise(labels, predicted);
  const clusterMembers = clusters.map((c) => c.members);
  const clusterScores = pairwise(labels, pairsOfClusters(clusterMembers));
  const sizes = new Map<string, number>();
  for (const c of labels.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const exactClusters = clusterMembers.filter((m) => {
    const c = labels.get(m[0]!);
    return m.every((id) => labels.get(id) === c) && sizes.get(c!) === m.length;
  }).length;
  const low = new Map<string, ReportedPair>();
  for (const p of lowPairs) low.set(pairKey(p.left_id, p.right_id), p);
  return {
    rows: rows.length,
    truthClusters: sizes.size,
    truthPairs: [...sizes.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0),
    pairs: pairScores,
    clusters: clusterScores,
    predictedClusters: clusters.length,
    exactClusters,
    falseNegatives: missedPairs(labels, predicted).map(([a, b]) => {
      const p = low.get(pairKey(a, b));
      return { a, b, score: p?.score ?? null, features: p?.features ?? null };
    }),
    falsePositives: pairs.filter((p) => labels.get(p.left_id) !== labels.get(p.right_id)),
    mixedClusters: clusterMembers.filter((m) => new Set(m.map((id) => labels.get(id))).size > 1),
  };
}

// ---------------------------------------------------------------------------------------
// Running the CLI

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/eval/', import.meta.url));

/**
 * `match` run in this process on the same files (`--in-process`): the same engine without a
 * CLI start per pass, for quick iteration. The figures to report come from the CLI.
 */
function matchInProcess(args: string[]): string {
  const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--threshold');
  const t = Number(args[args.indexOf('--threshold') + 1]);
  const [left, right] = files.map((f) => readNameCsv(readFileSync(f, 'utf8'), f));
  const pairs = matchPairs(left!, right, { threshold: t });
  if (!args.includes('--clusters')) return pairs.map((p) => JSON.stringify(p)).join('\n');
  return clusterRecords([...left!, ...(right ?? [])], pairs, t)
    .map((c) => JSON.stringify({ cluster_id: c.cluster_id, members: c.members }))
    .join('\n');
}

let inProcess = false;

function runMatch(args: string[]): string {
  if (inProcess) return matchInProcess(args);
  const res = spawnSync(process.execPath, [join(REPO, 'bin/chokepoint.js'), 'match', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (res.status !== 0) {
    throw new Error(
      `chokepoint match ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr}`,
    );
  }
  return res.stdout;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : '  —  ');

const prfRow = (label: string, m: PRF): (string | number)[] => [
  label,
  m.tp,
  m.fp,
  m.fn,
  fmt(m.precision),
  fmt(m.recall),
  fmt(m.f1),
];

function featureText(f: Features | null): string {
  if (!f) return '';
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v.value}${v.weight < 0 ? `(${v.weight})` : ''}`)
    .join(' ');
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) =>
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
    )
    .join('\n');
}

/** The score `matchRecords` gives a pair directly, without blocking: tells a blocking miss from a scoring one. */
function directScore(
  records: Map<string, NameRecord>,
  a: string,
  b: string,
): { score: number; features: Features } | null {
  const ra = records.get(a);
  const rb = records.get(b);
  if (!ra || !rb) return null;
  const m = matchRecords(ra, rb);
  return { score: m.score, features: m.features };
}

interface Options {
  threshold: number;
  low: number;
  verbose: boolean;
  json: boolean;
  keep: boolean;
  inProcess: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    threshold: DEFAULT_THRESHOLD,
    // Calibrated: about the raw score 0.3 (calibration.ts).
    low: 0.004,
    verbose: false,
    json: false,
    keep: false,
    inProcess: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--threshold' || a === '--low') {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`${a} needs a number in 0–1`);
      if (a === '--threshold') o.threshold = v;
      else o.low = v;
    } else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--json') o.json = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--in-process') o.inProcess = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  inProcess = opts.inProcess;
  const low = Math.min(opts.low, opts.threshold);
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-eval-'));
  try {
    // Transliteration pairs.
    const rows = parseTranslit(readFileSync(join(FIXTURES, 'translit.tsv'), 'utf8'));
    const input = translitInputs(rows);
    const left = join(dir, 'left.csv');
    const right = join(dir, 'right.csv');
    writeFileSync(left, input.left);
    writeFileSync(right, input.right);
    const t = String(opts.threshold);
    const pairs = parseJsonLines<ReportedPair>(runMatch([left, right, '--json', '--threshold', t]));
    const lowPairs = parseJsonLines<ReportedPair>(
      runMatch([left, right, '--json', '--threshold', String(low)]),
    );
    const tr = scoreTranslit(rows, pairs, lowPairs);

    // Deduplication.
    const drows = parseDedup(readFileSync(join(FIXTURES, 'dedup.csv'), 'utf8'));
    const dfile = join(dir, 'dedup-input.csv');
    writeFileSync(dfile, dedupInput(drows));
    const dpairs = parseJsonLines<ReportedPair>(runMatch([dfile, '--json', '--threshold', t]));
    const dclusters = parseJsonLines<ReportedCluster>(
      runMatch([dfile, '--json', '--clusters', '--threshold', t]),
    );
    const dlow = parseJsonLines<ReportedPair>(
      runMatch([dfile, '--json', '--threshold', String(low)]),
    );
    const dr = scoreDedup(drows, dpairs, dclusters, dlow);

    if (opts.json) {
      console.log(
        JSON.stringify({
          threshold: opts.threshold,
          translit: {
            total: tr.total,
            byScript: tr.byScript,
            bySchema: tr.bySchema,
            falseNegatives: tr.falseNegatives.length,
            falsePositives: tr.falsePositives.length,
          },
          dedup: {
            rows: dr.rows,
            truthClusters: dr.truthClusters,
            truthPairs: dr.truthPairs,
            pairs: dr.pairs,
            clusters: dr.clusters,
            predictedClusters: dr.predictedClusters,
            exactClusters: dr.exactClusters,
          },
        }),
      );
      return;
    }

    const statRow = (s: ScriptStats): (string | number)[] => [
      s.script,
      s.rows,
      s.expected,
      s.reported,
      s.tp,
      fmt(s.precision),
      fmt(s.recall),
      fmt(s.f1),
      fmt(s.bestAccuracy),
    ];
    const head = ['script', 'rows', 'true', 'reported', 'tp', 'P', 'R', 'F1', 'best'];
    console.log(
      `\nTransliteration pairs (threshold ${opts.threshold}; "best": the highest-scoring Latin name at ≥ ${low} is a true one)\n`,
    );
    console.log(
      table(head, [
        ...tr.byScript.map(statRow),
        ...tr.bySchema.map((s) => statRow({ ...s, script: `[${s.script}]` })),
        statRow(tr.total),
      ]),
    );
    console.log(
      `\nDeduplication (${dr.rows} records, ${dr.truthClusters} true clusters, ${dr.truthPairs} true pairs; threshold ${opts.threshold})\n`,
    );
    console.log(
      table(
        ['output', 'tp', 'fp', 'fn', 'P', 'R', 'F1'],
        [prfRow('pairs', dr.pairs), prfRow('--clusters', dr.clusters)],
      ),
    );
    console.log(
      `\n${dr.predictedClusters} predicted clusters, ${dr.exactClusters} exactly a true cluster, ${dr.mixedClusters.length} joining several`,
    );

    if (opts.verbose) {
      const lrec = new Map(readNameCsv(input.left, 'left.csv').map((r) => [r.id, r]));
      const rrec = new Map(readNameCsv(input.right, 'right.csv').map((r) => [r.id, r]));
      const both = new Map([...lrec, ...rrec]);
      // The same two names can stand in several rows (several spellings of one entity): one line each, with a count.
      const once = (list: TranslitPairInfo[]): [TranslitPairInfo, number][] => {
        const seen = new Map<string, [TranslitPairInfo, number]>();
        for (const m of list) {
          const k = `${m.native}\u0000${m.latin}`;
          const e = seen.get(k);
          if (e) e[1]++;
          else seen.set(k, [m, 1]);
        }
        return [...seen.values()];
      };
      const times = (n: number): string => (n > 1 ? ` ×${n}` : '');
      console.log(`\nTransliteration: false negatives (${tr.falseNegatives.length} pairs)`);
      for (const [m, n] of once(tr.falseNegatives)) {
        const d = directScore(both, m.leftId, m.rightId);
        const blocked = d && d.score >= opts.threshold ? ' [BLOCKING MISS]' : '';
        console.log(
          `  ${m.script.padEnd(16)} ${m.native} ≠ ${m.latin}${times(n)}  cli=${m.score ?? `<${low}`} direct=${d?.score ?? '?'}${blocked}  ${featureText(d?.features ?? null)}`,
        );
      }
      console.log(`\nTransliteration: false positives (${tr.falsePositives.length} pairs)`);
      for (const [m, n] of once(tr.falsePositives)) {
        console.log(
          `  ${m.script.padEnd(16)} ${m.native} = ${m.latin}${times(n)}  (${m.leftId} ${m.rightId}) ${m.score}  ${featureText(m.features)}`,
        );
      }
      const drec = new Map(readNameCsv(dedupInput(drows), 'dedup-input.csv').map((r) => [r.id, r]));
      const label = (id: string): string => {
        const r = drows.find((x) => x.id === id);
        if (!r) return id;
        const v = r.values;
        const facts = [v.country, v.birth_date, v.registration_number].filter(Boolean).join(' ');
        return `${id}[${r.cluster}] "${v.name}"${facts ? ` (${facts})` : ''}`;
      };
      console.log(`\nDedup: false negatives (${dr.falseNegatives.length})`);
      for (const m of dr.falseNegatives) {
        const d = directScore(drec, m.a, m.b);
        const blocked = d && d.score >= opts.threshold ? ' [BLOCKING MISS]' : '';
        console.log(
          `  ${label(m.a)} ≠ ${label(m.b)}  cli=${m.score ?? `<${low}`} direct=${d?.score ?? '?'}${blocked}  ${featureText(d?.features ?? null)}`,
        );
      }
      console.log(`\nDedup: false positives (${dr.falsePositives.length})`);
      for (const p of dr.falsePositives) {
        console.log(
          `  ${label(p.left_id)} = ${label(p.right_id)}  ${p.score}  ${featureText(p.features)}`,
        );
      }
      if (dr.mixedClusters.length > 0) {
        console.log(`\nDedup: predicted clusters joining several true ones`);
        for (const m of dr.mixedClusters) console.log(`  ${m.map(label).join(' | ')}`);
      }
    }
  } finally {
    if (opts.keep) console.error(`inputs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
