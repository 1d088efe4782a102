import { describe, expect, it } from 'vitest';
import { romaniseDevanagariWord } from './devanagari.ts';
import { foldName } from './normalise.ts';

describe('romaniseDevanagariWord', () => {
  it('drops the inherent a at the end of a word and between pronounced syllables', () => {
    expect(romaniseDevanagariWord('जवाहरलाल')).toBe('javaharlal');
    expect(romaniseDevanagariWord('नेहरू')).toBe('nehru');
    expect(romaniseDevanagariWord('राहुल')).toBe('rahul');
    expect(romaniseDevanagariWord('मनमोहन')).toBe('manmohan');
    expect(romaniseDevanagariWord('यादव')).toBe('yadav');
  });
  it('keeps it after a conjunct and in a word of one syllable', () => {
    expect(romaniseDevanagariWord('नरेंद्र')).toBe('narendra');
    expect(romaniseDevanagariWord('न')).toBe('na');
  });
  it('writes nasals, conjuncts and vowel signs as Hindi names are spelt', () => {
    expect(romaniseDevanagariWord('गांधी')).toBe('gandhi');
    expect(romaniseDevanagariWord('अंबानी')).toBe('ambani');
    expect(romaniseDevanagariWord('सिंह')).toBe('singh');
    expect(romaniseDevanagariWord('आदित्यनाथ')).toBe('adityanath');
    expect(romaniseDevanagariWord('शर्मा')).toBe('sharma');
    expect(romaniseDevanagariWord('ज़ाकिर')).toBe('zakir');
  });
  it('is what the normaliser reads a Hindi name as', () => {
    expect(foldName('जवाहरलाल नेहरू')).toBe('javaharlal nehru');
    expect(foldName('इंदिरा गांधी')).toBe('indira gandhi');
  });
});
