import { describe, expect, it } from 'vitest';
import {
  jaro,
  jaroWinkler,
  jaroWinklerBound,
  levenshtein,
  levenshteinSimilarity,
} from './similarity.ts';

describe('jaro / jaro-winkler', () => {
  it("gives Winkler's published values", () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });
  it('handles empty, equal and disjoint strings', () => {
    expect(jaro('', '')).toBe(1);
    expect(jaro('abc', '')).toBe(0);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
  it('is symmetric and bounded', () => {
    const words = ['hassan', 'hussein', 'akcakale', 'mohammed', 'muhammad', 'a', 'ab', 'zawr'];
    for (const a of words)
      for (const b of words) {
        const x = jaroWinkler(a, b);
        expect(x).toBeCloseTo(jaroWinkler(b, a), 10);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
      }
  });
  it('works on strings longer than its scratch buffers', () => {
    const a = 'x'.repeat(200) + 'abc';
    expect(jaroWinkler(a, a + 'd')).toBeGreaterThan(0.99);
  });
});

describe('jaroWinklerBound', () => {
  it('is never below Jaro-Winkler, and low for words with few letters in common', () => {
    // Random words over a small alphabet (many shared letters, many transpositions), and names.
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const word = () =>
      Array.from(
        { length: 1 + Math.floor(next() * 9) },
        () => 'abcdeıs'[Math.floor(next() * 7)],
      ).join('');
    for (let k = 0; k < 5000; k++) {
      const a = word();
      const b = word();
      expect(jaroWinklerBound(a, b)).toBeGreaterThanOrEqual(jaroWinkler(a, b) - 1e-12);
    }
    expect(jaroWinklerBound('martha', 'marhta')).toBe(1);
    expect(jaroWinklerBound('mohammed', 'sashshafi')).toBeLessThan(0.8);
    expect(jaroWinklerBound('', '')).toBe(1);
    expect(jaroWinklerBound('abc', '')).toBe(0);
  });
});

describe('levenshtein', () => {
  it('counts edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', 'abc')).toBe(0);
    expect(levenshtein('sitting', 'kitten')).toBe(3);
  });
  it('stops early past max', () => {
    expect(levenshtein('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(levenshtein('abc', 'abd', 2)).toBe(1);
  });

  it('answers a bound of one as the full table does', () => {
    // Every pair of short strings over a small alphabet: substitutions, insertions and
    // deletions at every position, and pairs far apart.
    const words: string[] = [''];
    for (let len = 1; len <= 4; len++)
      for (let i = 0; i < 3 ** len; i++)
        words.push(
          Array.from({ length: len }, (_, k) => 'abc'[Math.floor(i / 3 ** k) % 3]).join(''),
        );
    let checked = 0;
    for (const x of words)
      for (const y of words) {
        const full = levenshtein(x, y);
        for (const max of [0, 1]) {
          // Within the bound the distance itself, past it anything greater than the bound.
          const bounded = levenshtein(x, y, max);
          if (full <= max) expect(bounded).toBe(full);
          else expect(bounded).toBeGreaterThan(max);
        }
        checked++;
      }
    expect(checked).toBe(121 * 121);
  });
  it('gives a similarity in [0, 1]', () => {
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('abcd', 'abce')).toBeCloseTo(0.75);
  });
});
