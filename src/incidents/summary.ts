import { ChokepointError } from '../core/errors.ts';
import type { ActorBucket, Bucket, EventTypeBucket, Incident, Summary, Totals } from './schema.ts';
import { dayNumber as dayOf, isIsoDate, isoOfDay } from '../core/date.ts';

/**
 * The weekly roll-up a monitoring bulletin prints: attacks, killed, wounded, casualties
 * and casualties per attack, for a period and the period of equal length before it, by
 * country, admin-1, attack type and week; and, for ACLED users, by ACLED event type and
 * by actor (the perpetrator's), each with `events`, every incident of the period in it.
 *
 * Counting rules (the bulletin's):
 * - An attack is an incident with an attack type other than `arrest_raid`: arrests and
 *   events that are not attacks (protests, agreements: no attack type) are not counted.
 * - killed and wounded add the known counts; an unknown count adds nothing (a floor, as a
 *   bulletin prints "at least").
 * - casualties of an incident are its casualties_total when the source gave only "killed
 *   or wounded" together (extraction then folds any separately given killed or wounded
 *   into that total), otherwise killed + wounded. So casualties ≥ killed + wounded.
 * - casualties_per_attack is casualties / attacks, to two decimals (null without attacks).
 * - Weeks are 7-day bins counted from `from` (a bulletin's week need not start on a
 *   Monday: 7–13 January 2021 runs Thursday to Wednesday); the key is the bin's first day.
 * - Incidents merged into another (dedupe) are left out by the caller.
 */
export type SummaryRow = Pick<
  Incident,
  'date' | 'country' | 'country_code' | 'admin1' | 'killed' | 'wounded' | 'casualties_total'
> & {
  attack_type: string | null;
  /** ACLED's event type (by_event_type); absent or null counts as "unknown". */
  event_type?: string | null;
  /** The perpetrator's actor (by_actor: the store's actor table); absent or null is "unknown". */
  actor_id?: string | null;
  actor_name?: string | null;
};

export type { Bucket, Summary, Totals } from './schema.ts';

/** Days since 1970-01-01 of a stored (valid) ISO date; NaN for anything else. */
export function dayNumber(iso: string): number {
  return dayOf(iso) ?? Number.NaN;
}

export { isoOfDay };

/** The period of equal length that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const len = b - a + 1;
  return { from: isoOfDay(a - len), to: isoOfDay(a - 1) };
}

export function checkPeriod(from: string, to: string): void {
  for (const [field, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isIsoDate(v)) {
      throw new ChokepointError('CP_BAD_DATE', `--${field} is not a date`, {
        field,
        expected: 'YYYY-MM-DD',
        got: v,
      });
    }
  }
  if (to < from)
    throw new ChokepointError('CP_BAD_DATE', '--to is before --from', {
      field: 'to',
      expected: `a date on or after ${from}`,
      got: to,
    });
}

export function isAttack(r: { attack_type: string | null }): boolean {
  return r.attack_type !== null && r.attack_type !== 'arrest_raid';
}

export function casualtiesOf(r: Pick<Incident, 'killed' | 'wounded' | 'casualties_total'>): number {
  return r.casualties_total ?? (r.killed ?? 0) + (r.wounded ?? 0);
}

function emptyBucket(key: string): Bucket {
  return { key, attacks: 0, killed: 0, wounded: 0, casualties: 0 };
}

function add(b: Bucket, r: SummaryRow): void {
  b.attacks++;
  b.killed += r.killed ?? 0;
  b.wounded += r.wounded ?? 0;
  b.casualties += casualtiesOf(r);
}

function totalsOf(b: Bucket): Totals {
  return {
    attacks: b.attacks,
    killed: b.killed,
    wounded: b.wounded,
    casualties: b.casualties,
    casualties_per_attack: b.attacks ? Math.round((b.casualties / b.attacks) * 100) / 100 : null,
  };
}

const byAttacks = (a: Bucket, b: Bucket) =>
  b.attacks - a.attacks || b.casualties - a.casualties || a.key.localeCompare(b.key);
const byAttacksThenEvents = (a: Bucket & { events: number }, b: Bucket & { events: number }) =>
  b.attacks - a.attacks ||
  b.events - a.events ||
  b.casualties - a.casualties ||
  a.key.localeCompare(b.key);

/** Summarises incidents over [from, to] (inclusive), and the previous period when asked. */
export function summarise(
  rows: Iterable<SummaryRow>,
  from: string,
  to: string,
  opts: { compare?: 'previous' | 'none' } = {},
): Summary {
  checkPeriod(from, to);
  const prev = previousPeriod(from, to);
  const compare = (opts.compare ?? 'previous') === 'previous';
  const fromDay = dayNumber(from);
  const weeks = Math.floor((dayNumber(to) - fromDay) / 7) + 1;
  const total = emptyBucket('total');
  const before = emptyBucket('previous');
  const countries = new Map<string, Bucket>();
  const admin1s = new Map<string, Bucket & { country: string | null }>();
  const types = new Map<string, Bucket>();
  const byWeek = Array.from({ length: weeks }, (_, w) => emptyBucket(isoOfDay(fromDay + 7 * w)));
  const eventTypes = new Map<string, EventTypeBucket>();
  const actors = new Map<string, ActorBucket>();
  for (const r of rows) {
    if (!r.date) continue;
    const attack = isAttack(r);
    if (attack && r.date >= prev.from && r.date <= prev.to) {
      add(before, r);
      continue;
    }
    if (r.date < from || r.date > to) continue;
    // Every incident of the period counts as an event of its type and of its actor.
    const et = r.event_type ?? 'unknown';
    let eb = eventTypes.get(et);
    if (!eb) eventTypes.set(et, (eb = { ...emptyBucket(et), events: 0 }));
    eb.events++;
    const actorKey = r.actor_id ?? 'unknown';
    let ab = actors.get(actorKey);
    if (!ab)
      actors.set(
        actorKey,
        (ab = { ...emptyBucket(actorKey), name: r.actor_name ?? null, events: 0 }),
      );
    ab.events++;
    if (!attack) continue;
    add(eb, r);
    add(ab, r);
    add(total, r);
    const country = r.country ?? r.country_code ?? 'unknown';
    if (!countries.has(country)) countries.set(country, emptyBucket(country));
    add(countries.get(country)!, r);
    const a1 = r.admin1 ?? 'unknown';
    const a1Key = `${country}\u0000${a1}`;
    if (!admin1s.has(a1Key))
      admin1s.set(a1Key, { ...emptyBucket(a1), country: r.country ?? r.country_code ?? null });
    add(admin1s.get(a1Key)!, r);
    const t = r.attack_type!;
    if (!types.has(t)) types.set(t, emptyBucket(t));
    add(types.get(t)!, r);
    add(byWeek[Math.floor((dayNumber(r.date) - fromDay) / 7)]!, r);
  }
  return {
    from,
    to,
    totals: totalsOf(total),
    previous: compare ? totalsOf(before) : null,
    by_country: [...countries.values()].sort(byAttacks),
    by_admin1: [...admin1s.values()].sort(byAttacks),
    by_attack_type: [...types.values()].sort(byAttacks),
    by_week: byWeek,
    by_event_type: [...eventTypes.values()].sort(byAttacksThenEvents),
    by_actor: [...actors.values()].sort(byAttacksThenEvents),
  };
}

/**
 * A cell of a pre-added roll-up (src/store/rollups.ts): the figures of every incident of
 * one dimension's key over the period (`events` every incident, the rest attacks only).
 * Dimensions: `type` (k1 attack type), `admin1` (k1 country or its code, '' for none; k2
 * admin-1), `event` (k1 event type), `actor` (k1 perpetrator, k2 country code; the actor
 * it resolves to, if any), `week` (k1 the bin's number from `from`), `previous`.
 */
export interface RollupCell {
  dim: string;
  k1: string;
  k2: string;
  actor_id?: string | null;
  actor_name?: string | null;
  events: number;
  attacks: number;
  killed: number;
  wounded: number;
  casualties: number;
}

function addCell(b: Bucket, c: RollupCell): void {
  // A sum over no cells (an empty previous period) is null in SQL.
  b.attacks += Number(c.attacks ?? 0);
  b.killed += Number(c.killed ?? 0);
  b.wounded += Number(c.wounded ?? 0);
  b.casualties += Number(c.casualties ?? 0);
}

/**
 * The same Summary as `summarise`, from roll-up cells instead of incidents: the cells
 * carry the figures `summarise` would have added row by row, so the buckets are those
 * cells (actors added across the names that resolve to one), sorted the same way.
 */
export function summariseRollup(
  cells: Iterable<RollupCell>,
  weekCells: Iterable<RollupCell>,
  previous: RollupCell | null,
  from: string,
  to: string,
  opts: { compare?: 'previous' | 'none' } = {},
): Summary {
  checkPeriod(from, to);
  const fromDay = dayNumber(from);
  const weeks = Math.floor((dayNumber(to) - fromDay) / 7) + 1;
  const total = emptyBucket('total');
  const countries = new Map<string, Bucket>();
  const admin1s: (Bucket & { country: string | null })[] = [];
  const types: Bucket[] = [];
  const eventTypes: EventTypeBucket[] = [];
  const actors = new Map<string, ActorBucket>();
  for (const c of cells) {
    if (c.dim === 'type') {
      addCell(total, c);
      const b = emptyBucket(c.k1);
      addCell(b, c);
      types.push(b);
    } else if (c.dim === 'admin1') {
      const country = c.k1 || 'unknown';
      if (!countries.has(country)) countries.set(country, emptyBucket(country));
      addCell(countries.get(country)!, c);
      const b = { ...emptyBucket(c.k2), country: c.k1 || null };
      addCell(b, c);
      admin1s.push(b);
    } else if (c.dim === 'event') {
      const b = { ...emptyBucket(c.k1), events: c.events };
      addCell(b, c);
      eventTypes.push(b);
    } else if (c.dim === 'actor') {
      const key = c.actor_id ?? 'unknown';
      let b = actors.get(key);
      if (!b) actors.set(key, (b = { ...emptyBucket(key), name: c.actor_name ?? null, events: 0 }));
      b.events += c.events;
      addCell(b, c);
    }
  }
  const byWeek = Array.from({ length: weeks }, (_, w) => emptyBucket(isoOfDay(fromDay + 7 * w)));
  for (const c of weekCells) addCell(byWeek[Number(c.k1)]!, c);
  const before = emptyBucket('previous');
  if (previous) addCell(before, previous);
  return {
    from,
    to,
    totals: totalsOf(total),
    previous: (opts.compare ?? 'previous') === 'previous' ? totalsOf(before) : null,
    by_country: [...countries.values()].sort(byAttacks),
    by_admin1: admin1s.sort(byAttacks),
    by_attack_type: types.sort(byAttacks),
    by_week: byWeek,
    by_event_type: eventTypes.sort(byAttacksThenEvents),
    by_actor: [...actors.values()].sort(byAttacksThenEvents),
  };
}
