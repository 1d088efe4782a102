import type { Kysely } from 'kysely';
import { addDays } from '../core/date.ts';
import type { TimelineItem, TimelineKind } from '../core/timeline.ts';
import type { Database } from './types.ts';

export interface TimelineQuery {
  from?: string;
  to?: string;
  kinds: readonly TimelineKind[];
  /** Most items of each kind (the earliest kept). */
  limit: number;
}

type Dated<T> = T & { date: string };

function join(parts: (string | number | null | undefined)[], sep = ' · '): string {
  return parts.filter((p) => p !== null && p !== undefined && p !== '').join(sep);
}

/** The start of the day after the last: a date-time of the last day sorts before it. */
function dayAfter(to: string): string {
  return addDays(to, 1);
}

async function incidents(db: Kysely<Database>, caseId: string, t: TimelineQuery) {
  const q = db
    .selectFrom('incidents')
    .select([
      'id',
      'date',
      'text',
      'place',
      'admin1',
      'country',
      'attack_type',
      'killed',
      'wounded',
    ])
    .where('case_id', '=', caseId)
    .where('date', 'is not', null)
    .$if(Boolean(t.from), (q) => q.where('date', '>=', t.from!))
    .$if(Boolean(t.to), (q) => q.where('date', '<', dayAfter(t.to!)));
  const rows = await q.orderBy('date').orderBy('id').limit(t.limit).execute();
  return rows.map((r): TimelineItem => ({
    kind: 'incident',
    id: r.id,
    date: r.date!.slice(0, 10),
    title: join(
      [r.attack_type?.replace(/_/g, ' ') ?? 'incident', r.place ?? r.admin1 ?? r.country],
      ' in ',
    ),
    detail:
      join([
        r.killed !== null ? `${r.killed} killed` : null,
        r.wounded !== null ? `${r.wounded} wounded` : null,
        r.text,
      ]) || null,
  }));
}

async function orders(db: Kysely<Database>, caseId: string, t: TimelineQuery) {
  const q = db
    .selectFrom('orders')
    .select(['order_id', 'order_date', 'goods', 'seller', 'buyer', 'quantity', 'unit'])
    .where('case_id', '=', caseId)
    .where('order_date', 'is not', null)
    .$if(Boolean(t.from), (q) => q.where('order_date', '>=', t.from!))
    .$if(Boolean(t.to), (q) => q.where('order_date', '<', dayAfter(t.to!)));
  const rows = await q.orderBy('order_date').orderBy('order_id').limit(t.limit).execute();
  return rows.map((r): TimelineItem => ({
    kind: 'order',
    id: r.order_id,
    date: r.order_date!.slice(0, 10),
    title: `Order ${r.order_id}: ${r.goods ?? 'goods'}`,
    detail: join([
      `${r.seller} → ${r.buyer}`,
      r.quantity !== null ? `${r.quantity.toLocaleString('en-GB')} ${r.unit ?? ''}`.trim() : null,
    ]),
  }));
}

async function seizures(db: Kysely<Database>, caseId: string, t: TimelineQuery) {
  const q = db
    .selectFrom('seizures')
    .select(['id', 'seizure_date', 'place', 'country', 'seized_by'])
    .where('case_id', '=', caseId)
    .where('seizure_date', 'is not', null)
    .$if(Boolean(t.from), (q) => q.where('seizure_date', '>=', t.from!))
    .$if(Boolean(t.to), (q) => q.where('seizure_date', '<', dayAfter(t.to!)));
  const rows = await q.orderBy('seizure_date').orderBy('id').limit(t.limit).execute();
  return rows.map((r): TimelineItem => ({
    kind: 'seizure',
    id: r.id,
    date: r.seizure_date!.slice(0, 10),
    title: `Seizure ${r.id}${r.place ? ` in ${r.place}` : ''}`,
    detail: join([r.country, r.seized_by ? `seized by ${r.seized_by}` : null]) || null,
  }));
}

/** Payments are FtM relations of the schema Payment, dated by their start date. */
async function payments(db: Kysely<Database>, caseId: string, t: TimelineQuery) {
  const q = db
    .selectFrom('relations as r')
    .leftJoin('entities as p', (j) =>
      j.onRef('p.case_id', '=', 'r.case_id').onRef('p.id', '=', 'r.source_id'),
    )
    .leftJoin('entities as b', (j) =>
      j.onRef('b.case_id', '=', 'r.case_id').onRef('b.id', '=', 'r.target_id'),
    )
    .select([
      'r.id',
      'r.start_date',
      'r.source_id',
      'r.target_id',
      'p.caption as payer',
      'b.caption as beneficiary',
    ])
    .where('r.case_id', '=', caseId)
    .where('r.schema', '=', 'Payment')
    .where('r.start_date', 'is not', null)
    .$if(Boolean(t.from), (q) => q.where('r.start_date', '>=', t.from!))
    .$if(Boolean(t.to), (q) => q.where('r.start_date', '<', dayAfter(t.to!)));
  const rows = await q.orderBy('r.start_date').orderBy('r.id').limit(t.limit).execute();
  return rows.map((r): TimelineItem => ({
    kind: 'payment',
    id: r.id,
    date: r.start_date!.slice(0, 10),
    title: `Payment: ${r.payer ?? r.source_id} → ${r.beneficiary ?? r.target_id}`,
    detail: null,
  }));
}

/** Documents by the date they give themselves (an e-mail's), else the day they were added. */
async function documents(db: Kysely<Database>, caseId: string, t: TimelineQuery) {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'title', 'file_name', 'meta', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .limit(50_000)
    .execute();
  const out: Dated<TimelineItem>[] = [];
  for (const r of rows) {
    let own: string | null = null;
    try {
      const d = (JSON.parse(r.meta) as Record<string, string>).date;
      const parsed = d ? new Date(d) : null;
      if (parsed && !Number.isNaN(parsed.getTime())) own = parsed.toISOString().slice(0, 10);
    } catch {
      own = null;
    }
    const date = own ?? r.created_at.slice(0, 10);
    if ((t.from && date < t.from) || (t.to && date > t.to)) continue;
    out.push({
      kind: 'document',
      id: r.id,
      date,
      title: r.title || r.file_name,
      detail: own ? r.file_name : `${r.file_name} (date added)`,
    });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date)).slice(0, t.limit);
}

const READERS: Record<
  TimelineKind,
  (db: Kysely<Database>, caseId: string, t: TimelineQuery) => Promise<TimelineItem[]>
> = {
  incident: incidents,
  order: orders,
  payment: payments,
  seizure: seizures,
  document: documents,
};

/**
 * The dated records of a case in a period, of the kinds asked, by date (then kind and id).
 * Each kind gives at most `limit` items, the earliest first.
 */
export async function readTimeline(
  db: Kysely<Database>,
  caseId: string,
  t: TimelineQuery,
): Promise<TimelineItem[]> {
  const parts = await Promise.all(t.kinds.map((k) => READERS[k](db, caseId, t)));
  return parts
    .flat()
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id),
    );
}
