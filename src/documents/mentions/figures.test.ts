import { describe, expect, it } from 'vitest';
import {
  findAmounts,
  findHsCodes,
  findQuantities,
  findSerialsAndLots,
  parseLocaleNumber,
} from './figures.ts';

describe('numbers of several locales', () => {
  it.each([
    ['1,234,567.89', 1234567.89],
    ['1.234.567,89', 1234567.89],
    ['1 234 567,89', 1234567.89],
    ["1'234'567.89", 1234567.89],
    ['27,000', 27000],
    ['27.000', 27000],
    ['4,5', 4.5],
    ['12.50', 12.5],
    ['9400', 9400],
  ])('%s is %d', (raw, n) => expect(parseLocaleNumber(raw)).toBe(n));
  it('refuses uneven groups', () => expect(parseLocaleNumber('1,23,4')).toBeNull());
});

describe('amounts', () => {
  it('reads symbols and codes before or after the number', () => {
    const text = 'Total: USD 27,000.00; deposit €1.250,50, fee 300 TL and $ 45.';
    const found = findAmounts(text);
    expect(found.map((f) => f.normalized)).toEqual([
      'USD 27000',
      'EUR 1250.5',
      'TRY 300',
      'USD 45',
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });
});

describe('quantities', () => {
  it('reads a number with its unit, in the canonical unit', () => {
    const found = findQuantities('6,000 kg of paste in 24 drums, 6 tonnes, 240 pcs');
    expect(found.map((f) => f.normalized)).toEqual(['6000 kg', '24 drums', '6 t', '240 pcs']);
  });
});

describe('HS codes', () => {
  it('reads dotted codes and codes after HS or GTIP', () => {
    const text = 'HS code: 760320 and 7603.20.00.11; GTIP 8525.80; price 1234.50 USD';
    expect(findHsCodes(text).map((f) => f.normalized)).toEqual(['7603200011', '852580', '760320']);
  });
  it('does not take a price as a code', () => {
    expect(findHsCodes('price 1234.50 USD, 2020 12')).toEqual([]);
  });
});

describe('serial and lot numbers', () => {
  it('reads identifiers after their labels, a serial range as both ends', () => {
    const text = 'Lot No: AP15-0512, serial numbers B-150512-0001 to B-150512-0240; S/N 77812';
    const found = findSerialsAndLots(text);
    expect(found.map((f) => `${f.kind}:${f.normalized}`)).toEqual([
      'serial:B-150512-0001',
      'serial:B-150512-0240',
      'serial:77812',
      'lot:AP15-0512',
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });
});
