import { describe, expect, it } from 'vitest';
import { findDates } from './dates.ts';

describe('dates', () => {
  it('reads numeric dates day first, written dates and ISO dates', () => {
    const text = 'Invoice date: 02/06/2015, due 2 July 2015. Shipped 2015-06-05.';
    const found = findDates(text);
    expect(found.map((f) => f.normalized)).toEqual(['2015-06-02', '2015-07-02', '2015-06-05']);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });
  it('gives a date without a year the reference year, and refuses a month alone', () => {
    expect(findDates('delivered June 5th', { refDate: '2015-06-01' })[0]!.normalized).toBe(
      '2015-06-05',
    );
    expect(findDates('in June 2015 and last week')).toEqual([]);
  });
});
