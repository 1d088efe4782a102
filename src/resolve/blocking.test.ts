import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockingKeys, buildIndex } from './blocking.ts';
import { DEFAULT_THRESHOLD, matchRecords, scorePair } from './match.ts';
import { prepareRecord, type NameRecord } from './record.ts';
import { rawThreshold } from './calibration.ts';

const fx = JSON.parse(
  readFileSync(new URL('./fixtures/families.json', import.meta.url), 'utf8'),
) as {
  families: { schema: string; names: string[] }[];
};

// Filler names built from a few syllables: many records share tokens with the families.
function filler(n: number): NameRecord[] {
  const given = [
    'Mohammed',
    'Ahmed',
    'Ali',
    'Omar',
    'Khalid',
    'Yusuf',
    'Hasan',
    'Ibrahim',
    'Mahmoud',
    'Saleh',
  ];
  const family = [
    'Darwish',
    'Haddad',
    'Najjar',
    'Khatib',
    'Shami',
    'Masri',
    'Halabi',
    'Tamimi',
    'Jabouri',
    'Obeidi',
    'Kaya',
    'Demir',
    'Celik',
  ];
  const out: NameRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: `f${i}`,
      schema: 'Person',
      names: [
        `${given[i % given.length]} ${given[(i * 7 + 3) % given.length]} ${family[(i * 13) % family.length]}`,
      ],
    });
  }
  return out;
}

describe('buildIndex / search', () => {
  const records: NameRecord[] = [...filler(3000)];
  fx.families.forEach((f, i) =>
    f.names.forEach((n, j) => records.push({ id: `fam${i}_${j}`, schema: f.schema, names: [n] })),
  );
  const index = buildIndex(records);

  it('finds every member of a spelling family without comparing all records', () => {
    index.comparisons = 0;
    let queries = 0;
    fx.families.forEach((f, i) => {
      for (const n of f.names) {
        queries++;
        const hits = index.search(
          { id: 'q', schema: f.schema, names: [n] },
          { threshold: DEFAULT_THRESHOLD },
        );
        const found = new Set(hits.filter((h) => h.id.startsWith(`fam${i}_`)).map((h) => h.id));
        expect(found.size, `${n}: ${hits.map((h) => h.record.names[0]).join(', ')}`).toBe(
          f.names.length,
        );
      }
    });
    expect(index.comparisons / queries).toBeLessThan(records.length / 10);
  });

  it('returns hits best first, each with the features of matchRecords', () => {
    const q = { id: 'q', schema: 'Person', names: ['Mohamed Hasan'] };
    const hits = index.search(q, { threshold: 0.5, limit: 5 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(hits[0]!.score).toBe(matchRecords(q, hits[0]!.record, index.weights).score);
  });

  it('has candidate recall of 1 against brute force on the filler', () => {
    const prepared = index.records.map(prepareRecord);
    const sample = prepared.filter((_, i) => i % 97 === 0);
    let brute = 0;
    let found = 0;
    // scorePair gives raw scores: the default threshold's raw cut, the list's token weights.
    const cut = rawThreshold(DEFAULT_THRESHOLD);
    for (const q of sample) {
      const truth = prepared
        .filter((r) => r.record.id !== q.record.id && scorePair(q, r, 0, index.weights) >= cut)
        .map((r) => r.record.id);
      const got = new Set(index.search(q, { threshold: DEFAULT_THRESHOLD }).map((h) => h.id));
      got.delete(q.record.id);
      brute += truth.length;
      found += truth.filter((id) => got.has(id)).length;
    }
    expect(brute).toBeGreaterThan(0);
    expect(found / brute).toBeGreaterThanOrEqual(0.98);
  });
});

describe('searchAll', () => {
  it('answers each query as search does, in the order the queries were given', () => {
    const records = filler(2000);
    const index = buildIndex(records);
    // Names of records far apart in the index's locality order, and one query twice.
    const queries = [1234, 5, 777, 42, 1234].map((r, i) => ({
      id: `q${i}`,
      schema: 'Person',
      names: records[r]!.names,
    }));
    const seen: number[] = [];
    const all = index.searchAll(queries, { threshold: 0.5, limit: 5 }, (done) => seen.push(done));
    expect(all).toHaveLength(queries.length);
    queries.forEach((q, i) => {
      expect(all[i]!.length).toBeGreaterThan(0);
      expect(all[i]!.map((h) => [h.id, h.score])).toEqual(
        index.search(q, { threshold: 0.5, limit: 5 }).map((h) => [h.id, h.score]),
      );
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('candidates', () => {
  it('lists every candidate of a query that grows the ranking scratch, the first time too', () => {
    // More candidates than the scratch array first holds (2048): ranking grows it.
    const records = Array.from({ length: 6000 }, (_, i) => ({
      id: `R${i}`,
      names: [`Mehmet Yilmaz ${i}`],
    }));
    const index = buildIndex(records);
    const q = prepareRecord({ id: 'q', names: ['Mehmet Yilmaz'] });
    const first = index.candidates(q);
    expect(first.length).toBeGreaterThan(2048);
    expect(index.candidates(q)).toEqual(first);
  });
});

describe('ending keys', () => {
  const keysOf = (name: string) => {
    const k = blockingKeys(prepareRecord({ id: name, schema: 'Person', names: [name] }));
    return new Set(k.hashes.subarray(0, k.count));
  };

  it('tie a family name to a spelling whose skeleton differs in two letters', () => {
    // Mtehtuji (a letter swapped, th broken into t-h) and Mathtuji have skeletons "mdhdj" and
    // "mdj": no pair or deletion key meets, and a namesake shares every given-name key. Only
    // the common ending "uji", paired with the given name, says this family is the one.
    const query = keysOf('Saeed Al-Mtehtuji');
    const truth = keysOf('Said al-Mathtuji');
    const namesake = keysOf('Said Haddad');
    const beyondGivenName = [...query].filter((h) => truth.has(h) && !namesake.has(h));
    expect(beyondGivenName.length).toBeGreaterThan(0);
  });
});
