/**
 * Dates, the one module: strict ISO calendar dates (YYYY-MM-DD that exist: no 2021-02-30,
 * no 2021-13-45), the partial dates lists give for births (YYYY, YYYY-MM), the dataset
 * formats importers read (09 January 2021, 9-Jan-15, 31/12/2020), and day arithmetic in UTC.
 * `Date.parse` is not used to validate: it takes 2021-02-30 for 2 March.
 */

const DAY_MS = 86_400_000;

// A calendar date as a pattern, so that a schema can carry it (and OpenAPI show it).
const MONTH_31 = String.raw`(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])`;
const MONTH_30 = String.raw`(?:0[469]|11)-(?:0[1-9]|[12]\d|30)`;
const FEBRUARY = String.raw`02-(?:0[1-9]|1\d|2[0-8])`;
/** Years divisible by 4 but not by 100, or by 400. */
const LEAP_YEAR = String.raw`(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)`;
const DATE = String.raw`(?:\d{4}-(?:${MONTH_31}|${MONTH_30}|${FEBRUARY})|${LEAP_YEAR}-02-29)`;
const PARTIAL = String.raw`(?:${DATE}|\d{4}-(?:0[1-9]|1[0-2])|\d{4})`;

/** YYYY-MM-DD, a day that exists. */
export const ISO_DATE_RE = new RegExp(`^${DATE}$`);
/** YYYY, YYYY-MM or YYYY-MM-DD (a day that exists), several joined by ";" (birth dates on lists). */
export const PARTIAL_DATES_RE = new RegExp(`^${PARTIAL}(?:;${PARTIAL})*$`);
/** A date, or a date with a time (2021-01-09T08:00:00Z): the bounds of an audit query. */
export const ISO_INSTANT_RE = new RegExp(String.raw`^${DATE}(?:T[\d:.]+Z?)?$`);

export function isIsoDate(s: string): boolean {
  return ISO_DATE_RE.test(s);
}

/** The ISO date of a year, month and day, or null when that day does not exist. */
export function isoDateOf(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of an ISO date; null when it is missing or not a date that exists. */
export function dayNumber(date: string | null | undefined): number | null {
  if (!date || !isIsoDate(date)) return null;
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The ISO date of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Days from a to b (negative when b is before a); null when either is not a date. */
export function daysBetween(a: string, b: string): number | null {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x === null || y === null ? null : y - x;
}

/** The date `days` after (or before) an ISO date. */
export function addDays(date: string, days: number): string {
  const d = dayNumber(date);
  if (d === null) throw new RangeError(`not a date: ${date}`);
  return isoOfDay(d + days);
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** A month's number from its English name or abbreviation (Jan, Sept, December); undefined otherwise. */
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase()];
}

/**
 * A dataset date as ISO: 2021-01-09, "09 January 2021", 09-January-2015 (ACLED before
 * 2019), 9-Jan-15, January 9, 2021, 09/01/2021 (day first, as ACLED and GTD write it).
 * Null if none fits or the day does not exist.
 */
export function parseDayMonthYear(raw: string): string | null {
  const t = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t);
  if (m) return isoDateOf(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.,]+(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[2]!);
    const y =
      m[3]!.length === 2 ? 2000 + Number(m[3]) - (Number(m[3]) > 69 ? 100 : 0) : Number(m[3]);
    return month ? isoDateOf(y, month, +m[1]!) : null;
  }
  m = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? isoDateOf(+m[3]!, month, +m[2]!) : null;
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return isoDateOf(+m[3]!, +m[2]!, +m[1]!);
  return null;
}
