import { describe, expect, it } from 'vitest';
import { numberWords, wordNumber } from './numbers.ts';

describe('wordNumber', () => {
  it('reads the shared words and tens-and-units compounds', () => {
    expect(wordNumber('Seven')).toBe(7);
    expect(wordNumber('nineteen')).toBe(19);
    expect(wordNumber('twenty-five')).toBe(25);
    expect(wordNumber('forty five')).toBe(45);
  });
  it('reads a caller’s extra words only when given them', () => {
    expect(wordNumber('a hundred')).toBeUndefined();
    expect(wordNumber('a hundred', numberWords({ 'a hundred': 100 }))).toBe(100);
    expect(wordNumber('lone', numberWords({ lone: 1 }))).toBe(1);
  });
  it('is undefined for digits, other words and inherited keys', () => {
    expect(wordNumber('12')).toBeUndefined();
    expect(wordNumber('several')).toBeUndefined();
    expect(wordNumber('constructor')).toBeUndefined();
    expect(wordNumber('ten five')).toBeUndefined();
  });
});
