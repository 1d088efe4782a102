/**
 * A case's timeline: incidents, orders, payments, seizures and documents on one time axis,
 * for `chokepoint timeline`, `GET …/timeline` and the web timeline.
 */
import { TIMELINE_KINDS, type TimelineItem, type TimelineKind } from '../core/timeline.ts';
import type { Store } from '../store/connect.ts';
import { readTimeline } from '../store/timeline.ts';

export interface TimelineOptions {
  caseId: string;
  /** First and last day (YYYY-MM-DD), each optional. */
  from?: string;
  to?: string;
  /** The kinds to show (default: every kind). */
  kinds?: readonly TimelineKind[];
  /** Most items of each kind, the earliest kept (default 2000). */
  limit?: number;
}

export interface Timeline {
  from: string | null;
  to: string | null;
  kinds: TimelineKind[];
  /** By date, then kind and id. */
  items: TimelineItem[];
  /** Items per kind, of those shown. */
  counts: Record<TimelineKind, number>;
}

/** The dated records of a case in a period, of the kinds asked, by date. */
export async function caseTimeline(store: Store, opts: TimelineOptions): Promise<Timeline> {
  const kinds = opts.kinds?.length ? [...new Set(opts.kinds)] : [...TIMELINE_KINDS];
  const items = await readTimeline(store.db, opts.caseId, {
    from: opts.from,
    to: opts.to,
    kinds,
    limit: opts.limit ?? 2000,
  });
  const counts = Object.fromEntries(TIMELINE_KINDS.map((k) => [k, 0])) as Record<
    TimelineKind,
    number
  >;
  for (const i of items) counts[i.kind]++;
  return { from: opts.from ?? null, to: opts.to ?? null, kinds, items, counts };
}
