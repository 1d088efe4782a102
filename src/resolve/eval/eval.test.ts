import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readNameCsv } from '../csv.ts';
import { clusterRecords, matchPairs } from '../jobs.ts';
import { DEFAULT_THRESHOLD } from '../match.ts';
import {
  dedupInput,
  parseDedup,
  parseTranslit,
  scoreDedup,
  scoreTranslit,
  translitInputs,
} from './run.ts';

// The hand-written evaluation corpus (fixtures/eval/README.md) through the engine at the
// default threshold. Floors sit a little under the figures measured when they were set, so
// that a change that costs precision or recall across scripts fails here, not in a user's list.
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/eval/${name}`, import.meta.url), 'utf8');

describe('evaluation corpus', () => {
  it('matches native-script names with their Latin spellings', () => {
    const rows = parseTranslit(fixture('translit.tsv'));
    const { left, right } = translitInputs(rows);
    const pairs = matchPairs(readNameCsv(left, 'left.csv'), readNameCsv(right, 'right.csv'), {
      threshold: DEFAULT_THRESHOLD,
    });
    const { total, byScript } = scoreTranslit(rows, pairs);
    expect(total.precision).toBeGreaterThanOrEqual(0.98);
    expect(total.recall).toBeGreaterThanOrEqual(0.94);
    const arabic = byScript.find((s) => s.script === 'arabic')!;
    expect(arabic.precision).toBeGreaterThanOrEqual(0.98);
    expect(arabic.recall).toBeGreaterThanOrEqual(0.95);
  });
  it('deduplicates the labelled person and company records', () => {
    const rows = parseDedup(fixture('dedup.csv'));
    const records = readNameCsv(dedupInput(rows), 'dedup.csv');
    const pairs = matchPairs(records, undefined, { threshold: DEFAULT_THRESHOLD });
    const clusters = clusterRecords(records, pairs, DEFAULT_THRESHOLD);
    const result = scoreDedup(rows, pairs, clusters);
    expect(result.pairs.precision).toBeGreaterThanOrEqual(0.96);
    expect(result.pairs.recall).toBeGreaterThanOrEqual(0.93);
    expect(result.clusters.precision).toBeGreaterThanOrEqual(0.93);
    expect(result.clusters.recall).toBeGreaterThanOrEqual(0.94);
  });
});
