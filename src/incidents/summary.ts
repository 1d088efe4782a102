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
