/**
 * Refits the calibration map (calibration.ts) on labelled screening hits, and prints its
 * reliability curve and the recall and negatives hit of each script at candidate thresholds.
 *
 *   npx tsx src/resolve/eval/calibrate.ts --set DIR [--low 0.5] [--decisions FILE]... [--write]
 *
 * DIR is a screening set laid out as the development set (see eval/screening.ts): its hits
 * down to the raw score `--low` are labelled by the set's truth (document numbers, birth
 * date and country; never names). `--write` writes the fitted map to calibration-map.ts.
 * Nothing of the set is copied: only the two parameters and the counts are written.
 *
 * `--decisions FILE` (repeatable) adds reviewers' decisions as labelled pairs: the answer of
 * `GET /api/cases/{caseId}/screening/decisions` saved to a file (`{items: [...]}`, an array,
 * or JSON lines). "match" is a true pair, "no_match" a false one, "unsure" is left out; a
 * pair decided twice counts by its latest decision. Each pair's raw score is worked out
 * again by today's engine from the stored query and list entry (scores of older engines and
 * of the calibrated scale are not mixed), with each token's own weight: the list's
 * frequencies are not in the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeText } from '../../core/encoding.ts';
import {
  calibrate,
  fitIsotonic,
  fitPlatt,
  reliabilityBins,
  type CalibrationMap,
} from '../calibration.ts';
import { CALIBRATION_MAP } from '../calibration-map.ts';
import { readNameCsv } from '../csv.ts';
import { ScreeningDecisionSchema, type ScreeningDecision } from '../lists/schema.ts';
import { matchRecords } from '../match.ts';
import { recordFromFtm, type NameRecord } from '../record.ts';
import type { FtmEntity } from '../../network/ftm.ts';
import {
  BINS,
  labelledHits,
  loadOfac,
  readTruth,
  screenJsonl,
  type LabelledHit,
} from './screening.ts';

const QUERY_FILES = ['queries.csv', 'queries_arabic.csv'] as const;

function arg(name: string, argv: string[]): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

interface ScriptRun {
  file: string;
  hits: LabelledHit[];
  positives: Set<string>;
  negatives: Set<string>;
}

/** Screens both query files of a set and labels their hits. */
export function labelledRuns(set: string, low: number): ScriptRun[] {
  const { truth, negatives } = readTruth(set);
  const targets = loadOfac(join(set, 'lists/target/ofac_sdn_2021-04'));
  return QUERY_FILES.map((file) => {
    const records = readNameCsv(decodeText(readFileSync(join(set, file))).text, file);
    const jsonl = screenJsonl(targets, records, low);
    return {
      file,
      hits: labelledHits(jsonl, truth, negatives),
      positives: new Set(records.filter((r) => truth.has(r.id)).map((r) => r.id)),
      negatives: new Set(records.filter((r) => negatives.has(r.id)).map((r) => r.id)),
    };
  });
}

/** Reviewers' decisions from a saved API answer (`{items}`), a JSON array or JSON lines. */
export function parseDecisions(text: string, file: string): ScreeningDecision[] {
  const trimmed = text.trim();
  let rows: unknown[];
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    const parsed = JSON.parse(trimmed) as { items?: unknown[] };
    rows = parsed.items ?? [parsed];
  } else if (trimmed.startsWith('[')) rows = JSON.parse(trimmed) as unknown[];
  else
    rows = trimmed
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as unknown);
  return rows.map((r, i) => {
    const d = ScreeningDecisionSchema.safeParse(r);
    if (!d.success) throw new Error(`${file}: decision ${i + 1} is not a screening decision`);
    return d.data;
  });
}

/**
 * Decisions as labelled hits: the latest decision on each (query, entry) pair, "match"
 * true and "no_match" false ("unsure" says nothing), scored again by today's engine.
 */
export function decisionHits(decisions: readonly ScreeningDecision[]): LabelledHit[] {
  const latest = new Map<string, ScreeningDecision>();
  const sorted = [...decisions].sort((a, b) => (a.decided_at < b.decided_at ? -1 : 1));
  for (const d of sorted) {
    const query = d.query as unknown as NameRecord;
    latest.set(`${d.case_id}\u0000${query.id}\u0000${d.entity_id}`, d);
  }
  const out: LabelledHit[] = [];
  for (const d of latest.values()) {
    if (d.decision === 'unsure') continue;
    const query = d.query as unknown as NameRecord;
    const entry = recordFromFtm(d.entry as unknown as FtmEntity, d.list_id);
    const m = matchRecords(query, entry);
    out.push({
      query: `decision:${d.id}`,
      entity_id: d.entity_id,
      score: m.score,
      raw: m.raw_score,
      label: d.decision === 'match',
    });
  }
  return out;
}

/** Recall (positives whose true hit scores ≥ t) and negatives with any hit ≥ t. */
export function atThreshold(run: ScriptRun, t: number, map: CalibrationMap) {
  const found = new Set<string>();
  const hitNegatives = new Set<string>();
  for (const h of run.hits) {
    if (calibrate(h.raw, map) < t) continue;
    if (h.label) found.add(h.query);
    if (run.negatives.has(h.query)) hitNegatives.add(h.query);
  }
  return {
    recall: found.size / run.positives.size,
    found: found.size,
    positives: run.positives.size,
    negativesHit: hitNegatives.size / run.negatives.size,
    hitNegatives: hitNegatives.size,
    negatives: run.negatives.size,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function mapSource(map: CalibrationMap): string {
  const fields = Object.entries(map)
    .map(([k, v]) => `  ${k}: ${typeof v === 'string' ? `'${v.replace(/'/g, "\\'")}'` : v},`)
    .join('\n');
  return `import type { CalibrationMap } from './calibration.ts';

/**
 * The calibration map in use (see calibration.ts). Written by
 * \`npx tsx src/resolve/eval/calibrate.ts --set DIR --write\`; edit by refitting, not by hand.
 */
export const CALIBRATION_MAP: CalibrationMap = {
${fields}
};
`;
}

/**
 * Out-of-fold reliability: the queries split in two by a hash of their id, each half's hits
 * calibrated by a map fitted on the other half (how the map does on hits it was not fitted on).
 */
export function crossValidated(hits: readonly LabelledHit[]): { score: number; label: boolean }[] {
  const fold = (h: LabelledHit) => {
    let x = 0;
    for (let i = 0; i < h.query.length; i++) x = (Math.imul(x, 31) + h.query.charCodeAt(i)) | 0;
    return x & 1;
  };
  const out: { score: number; label: boolean }[] = [];
  for (const f of [0, 1]) {
    const { a, b } = fitPlatt(hits.filter((h) => fold(h) !== f));
    const map: CalibrationMap = { ...CALIBRATION_MAP, a, b };
    for (const h of hits)
      if (fold(h) === f) out.push({ score: calibrate(h.raw, map), label: h.label });
  }
  return out;
}

function printBins(title: string, scored: { score: number; label: boolean }[]): void {
  process.stdout.write(`${title}: calibrated score | hits | true | share true | mean score\n`);
  for (const bin of reliabilityBins(scored, BINS))
    process.stdout.write(
      `  | ${bin.lo.toFixed(2)}–${Math.min(1, bin.hi).toFixed(2)} | ${bin.hits} | ${bin.true} | ${bin.hits ? pct(bin.true / bin.hits) : '–'} | ${Number.isNaN(bin.meanScore) ? '–' : bin.meanScore.toFixed(3)} |\n`,
    );
}

function main(argv: string[]): void {
  const set = arg('--set', argv);
  if (!set) throw new Error('usage: calibrate.ts --set DIR [--low 0.5] [--write]');
  const low = Number(arg('--low', argv) ?? 0.5);
  const runs = labelledRuns(set, low);
  const decided = argv
    .flatMap((a, i) => (a === '--decisions' && argv[i + 1] ? [argv[i + 1]!] : []))
    .flatMap((f) => decisionHits(parseDecisions(readFileSync(f, 'utf8'), f)));
  if (decided.length > 0)
    process.stdout.write(
      `reviewers' decisions: ${decided.length} pairs (${decided.filter((h) => h.label).length} matches) added to the set's hits\n`,
    );
  const all = [...runs.flatMap((r) => r.hits), ...decided];
  const { a, b } = fitPlatt(all);
  const map: CalibrationMap = {
    method: 'platt-logit',
    a: Math.round(a * 1000) / 1000,
    b: Math.round(b * 1000) / 1000,
    fitted_on:
      `${set.replace(/\/+$/, '').split('/').pop()}: hits of raw score >= ${low}` +
      (decided.length > 0 ? `, ${decided.length} reviewers' decisions` : ''),
    hits: all.length,
    true_hits: all.filter((h) => h.label).length,
  };
  const out = process.stdout;
  out.write(
    `Platt fit on ${map.hits} labelled hits (${map.true_hits} true): a = ${map.a}, b = ${map.b}\n`,
  );
  out.write(`(map in use: a = ${CALIBRATION_MAP.a}, b = ${CALIBRATION_MAP.b})\n`);
  out.write('isotonic steps (PAV), up to raw score | share true | hits:\n');
  for (const [hi, p, n] of fitIsotonic(all))
    out.write(
      `  ${hi.toFixed(3)} | ${pct(p)} | ${n}   (Platt at this raw score ${pct(calibrate(hi, map))})\n`,
    );
  printBins(
    'reliability of the fitted map, both scripts',
    all.map((h) => ({ score: calibrate(h.raw, map), label: h.label })),
  );
  printBins(
    "reliability out of fold (the queries in two halves, each scored by the other half's map)",
    crossValidated(all),
  );
  out.write(
    'threshold sweep (calibrated score): t | per file: recall (found/positives), negatives hit\n',
  );
  for (const t of [0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    const cells = runs.map((r) => {
      const x = atThreshold(r, t, map);
      return `${r.file}: ${pct(x.recall)} (${x.found}/${x.positives}), ${pct(x.negativesHit)} (${x.hitNegatives}/${x.negatives})`;
    });
    out.write(`  ${t.toFixed(3)} | ${cells.join(' | ')}\n`);
  }
  if (argv.includes('--write')) {
    const path = resolve(fileURLToPath(import.meta.url), '../../calibration-map.ts');
    writeFileSync(path, mapSource(map));
    out.write(`written to ${path}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
