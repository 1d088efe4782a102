import type { Kysely } from 'kysely';
import type { Database } from './types.ts';

/**
 * The audit trail: who did what, when, from where. Append-only by construction: this
 * module is the only code that touches `audit_log`, and it has no update or delete.
 */

export interface AuditEntry {
  user_id: string | null;
  case_id: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  detail?: unknown;
}

export interface AuditRecord {
  id: number;
  at: string;
  user_id: string | null;
  username: string | null;
  case_id: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  detail: unknown;
}

/** What was asked is recorded even when it held a NUL, which PostgreSQL text cannot. */
function clean(s: string | null): string | null {
  return s === null ? null : s.split('\u0000').join('\ufffd').slice(0, 4000);
}

export async function appendAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      user_id: clean(e.user_id),
      case_id: clean(e.case_id),
      action: clean(e.action)!,
      target: clean(e.target),
      ip: clean(e.ip),
      detail: e.detail === undefined ? null : JSON.stringify(e.detail),
    })
    .execute();
}

export interface AuditFilter {
  /** A user id or a username. */
  user?: string;
  action?: string;
  caseId?: string;
  /** Inclusive bounds on the date or timestamp. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

/** Newest first, with the total matching for pagination. */
export async function listAudit(
  db: Kysely<Database>,
  f: AuditFilter,
): Promise<{ items: AuditRecord[]; total: number }> {
  let q = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.user_id');
  if (f.user) {
    const user = f.user;
    q = q.where((eb) => eb.or([eb('a.user_id', '=', user), eb('u.username', '=', user)]));
  }
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.caseId) q = q.where('a.case_id', '=', f.caseId);
  if (f.from) q = q.where('a.at', '>=', f.from);
  // A bare date as upper bound covers the whole day.
  if (f.to) q = q.where('a.at', '<=', f.to.length === 10 ? `${f.to}T23:59:59.999Z` : f.to);
  const total = Number(
    (await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  const rows = await q
    .select([
      'a.id',
      'a.at',
      'a.user_id',
      'u.username',
      'a.case_id',
      'a.action',
      'a.target',
      'a.ip',
      'a.detail',
    ])
    .orderBy('a.id', 'desc')
    .limit(f.limit ?? 50)
    .offset(f.offset ?? 0)
    .execute();
  return {
    items: rows.map((r) => ({
      ...r,
      id: Number(r.id),
      username: r.username ?? null,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
    })),
    total,
  };
}
