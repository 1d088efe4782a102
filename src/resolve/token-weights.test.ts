import { describe, expect, it } from 'vitest';
import { buildIndex } from './blocking.ts';
import { matchRecords } from './match.ts';
import { normaliseName } from './normalise.ts';
import { listWeight, MIN_LIST_RECORDS, TokenCounter, TokenWeights } from './token-weights.ts';

const token = (text: string) => normaliseName(text, { schema: 'Person' }).tokens[0]!;

/** A list where "Karimov" is held by half the records and every other family name by one. */
function list(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    schema: 'Person',
    names: [i % 2 === 0 ? `Rustam Karimov ${familyName(i)}` : `Otabek ${familyName(i)}`],
  }));
}

/** A distinct made-up family name per i (letters only, so no two share a skeleton by chance). */
function familyName(i: number): string {
  const c = 'bdfgklmnprstvz';
  let s = '';
  for (let k = i + 1; k > 0; k = Math.floor(k / c.length)) s += c[k % c.length]! + 'a';
  return `${s}ev`;
}

describe('token weights from the list', () => {
  it('a token most records hold counts less than a rare one', () => {
    const counter = new TokenCounter();
    for (const r of list(4000)) counter.add([normaliseName(r.names[0]!, { schema: 'Person' })]);
    const w = counter.weights();
    expect(w.records).toBe(4000);
    expect(w.documentFrequency(token('Karimov'))).toBe(2000);
    expect(w.of(token('Karimov'))).toBeLessThan(0.3);
    expect(w.of(token(familyName(7)))).toBe(1);
    // A name absent from the list keeps what it carries of itself.
    expect(w.of(token('Zuhair'))).toBe(1);
  });

  it('a record counts a token once however many aliases repeat it', () => {
    const counter = new TokenCounter();
    counter.add([
      normaliseName('Ali Hassan', { schema: 'Person' }),
      normaliseName('Ali Hasan', { schema: 'Person' }),
    ]);
    expect(counter.weights().documentFrequency(token('Ali'))).toBe(1);
  });

  it('an index of fewer than MIN_LIST_RECORDS records weighs tokens as they are', () => {
    expect(buildIndex(list(MIN_LIST_RECORDS - 1)).weights.fromList).toBe(false);
    expect(buildIndex(list(MIN_LIST_RECORDS)).weights.fromList).toBe(true);
  });

  it('on a small list the prior decides: a frequent given name 0.5, any other word 1', () => {
    expect(listWeight(token('Mohammed'), 1, 10)).toBeCloseTo(0.5, 1);
    expect(listWeight(token('Karimov'), 1, 10)).toBeGreaterThan(0.98);
    expect(TokenWeights.intrinsic.of(token('Mohammed'))).toBe(0.5);
  });

  it('an Arabic-script token reads the frequency of its Latin spellings', () => {
    const counter = new TokenCounter();
    for (let i = 0; i < 3000; i++)
      counter.add([normaliseName(`Mohammed ${familyName(i)}`, { schema: 'Person' })]);
    const w = counter.weights();
    expect(w.documentFrequency(token('محمد'))).toBe(3000);
    expect(w.of(token('محمد'))).toBeLessThan(0.3);
  });

  it('scores and explains hits with the weights of the index', () => {
    const records = list(4000);
    const index = buildIndex(records);
    const plain = buildIndex(records, { listTokenWeights: false });
    const query = { id: 'q', schema: 'Person', names: ['Rustam Karimov Whitfield'] };
    const hit = index.search(query, { rawThreshold: 0.1, limit: 5 })[0];
    const target = records.find((r) => r.id === hit?.id)!;
    expect(target.names[0]).toMatch(/^Rustam Karimov /);
    // The shared words are the list's most common ones: with list weights they explain less.
    const weighted = matchRecords(query, target, index.weights).score;
    const intrinsic = matchRecords(query, target).score;
    expect(weighted).toBeLessThan(intrinsic);
    expect(hit?.score).toBe(weighted);
    expect(hit?.features['name_token_weight:karimov']?.value).toBeLessThan(0.3);
    expect(hit?.features['name_token_weight:karimov']?.weight).toBe(0);
    const plainHit = plain
      .search(query, { rawThreshold: 0.1, limit: 4000 })
      .find((h) => h.id === target.id);
    expect(plainHit?.score).toBe(intrinsic);
    expect(plainHit?.features['name_token_weight:karimov']).toBeUndefined();
  });
});
