import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompactNames } from './compact.ts';
import { readNameCsv } from './csv.ts';
import { scorePair } from './match.ts';
import { prepareRecord, type NameRecord } from './record.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/eval/${name}`, import.meta.url), 'utf8');

// The labelled dedup set (with its facts, and again as names only, half of them of no known
// schema) and the transliteration pairs' names in every script: persons, companies, aliases,
// abjad and Latin.
const dedup = readNameCsv(fixture('dedup.csv'), 'dedup.csv');
const namesOnly: NameRecord[] = dedup.map((r, i) => ({
  id: `${r.id}-n`,
  schema: i % 2 === 0 ? r.schema : null,
  names: r.names,
}));
const translit: NameRecord[] = fixture('translit.tsv')
  .trim()
  .split('\n')
  .slice(1)
  .flatMap((line) => {
    const [id, , native, latin, schema] = line.split('\t');
    return [
      { id: `${id}-a`, schema: schema!, names: [native!] },
      { id: `${id}-b`, schema: schema!, names: [latin!] },
    ];
  });
const records = [...dedup, ...namesOnly, ...translit.filter((_, i) => i % 3 === 0)];

describe('CompactNames', () => {
  const prepared = records.map(prepareRecord);
  const compact = new CompactNames();
  for (const p of prepared) compact.add(p);

  it('scores every pair exactly as scorePair does, at any threshold', () => {
    const queries = prepared.filter((_, i) => i % 4 === 0);
    let pairs = 0;
    let above = 0;
    for (const q of queries)
      for (let r = 0; r < prepared.length; r++)
        for (const threshold of [0, 0.75]) {
          const want = scorePair(q, prepared[r]!, threshold);
          const got = compact.score(q, r, threshold);
          if (got !== want)
            expect(
              got,
              `${q.record.names[0]} / ${prepared[r]!.record.names[0]} at ${threshold}`,
            ).toBe(want);
          pairs++;
          if (want >= 0.75) above++;
        }
    // The comparison ran over matches as well as non-matches.
    expect(pairs).toBeGreaterThan(100_000);
    expect(above).toBeGreaterThan(500);
  });

  it('keeps its records in a new order when permuted', () => {
    const order = Int32Array.from(prepared.keys()).reverse();
    const permuted = compact.permuted(order);
    expect(permuted.size).toBe(compact.size);
    const q = prepared[3]!;
    for (let i = 0; i < order.length; i += 7) {
      expect(permuted.nameCount(i)).toBe(compact.nameCount(order[i]!));
      expect(permuted.score(q, i)).toBe(compact.score(q, order[i]!));
    }
  });
});
