import { describe, expect, it } from 'vitest';
import { isoDate } from './schema.ts';
import {
  addDays,
  dayNumber,
  daysBetween,
  isIsoDate,
  isoDateOf,
  ISO_INSTANT_RE,
  parseDayMonthYear,
  PARTIAL_DATES_RE,
} from './date.ts';

describe('ISO dates', () => {
  it('accepts exactly the days that exist, 1899–2101 (checked against the calendar)', () => {
    for (let d = Date.UTC(1899, 0, 1); d <= Date.UTC(2101, 11, 31); d += 86_400_000) {
      expect(isIsoDate(new Date(d).toISOString().slice(0, 10))).toBe(true);
    }
    // Every day number 29–31 of every month in those years that does not exist is refused.
    let refused = 0;
    for (let y = 1899; y <= 2101; y++)
      for (let m = 1; m <= 12; m++)
        for (let day = 29; day <= 31; day++) {
          const s = `${y}-${String(m).padStart(2, '0')}-${day}`;
          if (isoDateOf(y, m, day) === null) {
            expect(isIsoDate(s), s).toBe(false);
            refused++;
          }
        }
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses impossible and malformed dates that Date.parse takes', () => {
    for (const s of [
      '2021-02-30',
      '2021-13-45',
      '2021-00-10',
      '2021-04-31',
      '1900-02-29',
      '2021-1-9',
      '2021-01-09T00:00Z',
      '',
    ])
      expect(isIsoDate(s), s).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isoDate.safeParse('2021-02-30').success).toBe(false);
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
  });

  it('does day arithmetic in UTC, and gives null for a non-date', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2021-02-30')).toBeNull();
    expect(daysBetween('2020-12-31', '2021-03-01')).toBe(60);
    expect(addDays('2021-01-07', -7)).toBe('2020-12-31');
  });

  it('keeps partial birth dates and instants apart from plain dates', () => {
    expect(PARTIAL_DATES_RE.test('1970;1971-05;1972-02-29')).toBe(true);
    expect(PARTIAL_DATES_RE.test('1970-02-30')).toBe(false);
    expect(PARTIAL_DATES_RE.test('1970-13')).toBe(false);
    expect(ISO_INSTANT_RE.test('2021-01-09T08:00:00Z')).toBe(true);
    expect(ISO_INSTANT_RE.test('2021-02-30T08:00:00Z')).toBe(false);
  });

  it('reads the dataset formats and refuses days that do not exist', () => {
    expect(parseDayMonthYear('09 January 2021')).toBe('2021-01-09');
    expect(parseDayMonthYear('January 9, 2021')).toBe('2021-01-09');
    expect(parseDayMonthYear('9-Jan-15')).toBe('2015-01-09');
    expect(parseDayMonthYear('30/02/2021')).toBeNull();
  });
});
