import type { Kysely } from 'kysely';
import { ChokepointError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Features } from '../resolve/features.ts';
import type { Alert, Decision, ScreeningDecision } from '../resolve/lists/schema.ts';
import { upsertRows } from './batch.ts';
import type { Database } from './types.ts';

/**
 * The watchlist's memory, per case: which list versions and which party facts the case has
 * been screened against (so a re-screen looks only at what changed), the alerts those
 * screenings raised, and reviewers' decisions on them (which calibration reads).
 */

/** The list versions a case was last screened against (list id → version). */
export async function watchedVersions(
  db: Kysely<Database>,
  caseId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('list_watch')
    .select(['list_id', 'version'])
    .where('case_id', '=', caseId)
    .execute();
  return new Map(rows.map((r) => [r.list_id, Number(r.version)]));
}

export async function setWatchedVersions(
  db: Kysely<Database>,
  caseId: string,
  versions: Map<string, number>,
): Promise<void> {
  await db.deleteFrom('list_watch').where('case_id', '=', caseId).execute();
  await upsertRows(
    db,
    'list_watch',
    [...versions].map(([list_id, version]) => ({ case_id: caseId, list_id, version })),
    ['case_id', 'list_id'],
  );
}

/** The fingerprint of each party's facts when it was last screened. */
export async function screenedParties(
  db: Kysely<Database>,
  caseId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('list_screened')
    .select(['entity_id', 'fingerprint'])
    .where('case_id', '=', caseId)
    .execute();
  return new Map(rows.map((r) => [r.entity_id, r.fingerprint]));
}

export async function markScreened(
  db: Kysely<Database>,
  caseId: string,
  parties: { id: string; fingerprint: string }[],
): Promise<void> {
  const now = new Date().toISOString();
  await upsertRows(
    db,
    'list_screened',
    parties.map((p) => ({
      case_id: caseId,
      entity_id: p.id,
      fingerprint: p.fingerprint,
      screened_at: now,
    })),
    ['case_id', 'entity_id'],
  );
}

/** A hit as the watchlist sees it: a party, a listed entry, and how they matched. */
export interface WatchHit {
  party_id: string;
  party_name: string;
  list_id: string;
  list_version: number | null;
  entry_id: string;
  entry_caption: string;
  entry_fingerprint: string;
  score: number;
  features: Features;
}

export interface AlertCounts {
  created: number;
  realerted: number;
  updated: number;
}

/** A score must rise by more than this to re-open a decided alert (rounding is not news). */
const SCORE_RISE = 0.005;

function toAlert(
  { entry_fingerprint: _fp, ...r }: Database['list_alerts'],
  listName: string | null,
): Alert {
  return {
    ...r,
    list_name: listName ?? r.list_id,
    list_version: r.list_version === null ? null : Number(r.list_version),
    score: Number(r.score),
    features: JSON.parse(r.features) as Features,
    reason: r.reason as Alert['reason'],
    state: r.state as Alert['state'],
  };
}

/**
 * Records hits as alerts, once per (case, party, list entry): a new pair is a new alert; an
 * undecided one takes the latest score; a decided one opens again only when its score rose
 * or the entry changed on its list since the decision.
 */
export async function recordHits(
  db: Kysely<Database>,
  caseId: string,
  hits: WatchHit[],
): Promise<AlertCounts> {
  const counts: AlertCounts = { created: 0, realerted: 0, updated: 0 };
  const now = new Date().toISOString();
  for (const h of hits) {
    const had = await db
      .selectFrom('list_alerts')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('party_id', '=', h.party_id)
      .where('list_id', '=', h.list_id)
      .where('entry_id', '=', h.entry_id)
      .executeTakeFirst();
    const fresh = {
      party_name: h.party_name,
      list_version: h.list_version,
      entry_caption: h.entry_caption,
      entry_fingerprint: h.entry_fingerprint,
      score: h.score,
      features: JSON.stringify(h.features),
      updated_at: now,
    };
    if (!had) {
      const inserted = await db
        .insertInto('list_alerts')
        .values({
          id: newId('alert'),
          case_id: caseId,
          party_id: h.party_id,
          list_id: h.list_id,
          entry_id: h.entry_id,
          ...fresh,
          reason: 'new_hit',
          state: 'new',
          decided_by: null,
          decided_at: null,
          note: null,
          created_at: now,
        })
        // Two refreshes at once (a page's read beside an import) may meet here: one wins.
        .onConflict((oc) => oc.columns(['case_id', 'party_id', 'list_id', 'entry_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) counts.created++;
      continue;
    }
    const rose = h.score > Number(had.score) + SCORE_RISE;
    const changed = had.entry_fingerprint !== h.entry_fingerprint;
    if (had.state === 'new') {
      if (rose || changed || Math.abs(h.score - Number(had.score)) > SCORE_RISE) {
        await db.updateTable('list_alerts').set(fresh).where('id', '=', had.id).execute();
        counts.updated++;
      }
    } else if (rose || changed) {
      await db
        .updateTable('list_alerts')
        .set({ ...fresh, state: 'new', reason: changed ? 'entry_changed' : 'score_rose' })
        .where('id', '=', had.id)
        .execute();
      counts.realerted++;
    }
  }
  return counts;
}

/** Undecided alerts on entries a list no longer has: nothing is left to decide. */
export async function dropUndecidedAlerts(
  db: Kysely<Database>,
  listId: string,
  entryIds: string[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < entryIds.length; i += 2000) {
    const r = await db
      .deleteFrom('list_alerts')
      .where('list_id', '=', listId)
      .where('state', '=', 'new')
      .where('entry_id', 'in', entryIds.slice(i, i + 2000))
      .executeTakeFirst();
    n += Number(r.numDeletedRows ?? 0);
  }
  return n;
}

export async function listAlerts(
  db: Kysely<Database>,
  caseId: string,
  opts: { state?: Alert['state']; limit?: number } = {},
): Promise<Alert[]> {
  let q = db
    .selectFrom('list_alerts')
    .leftJoin('lists', 'lists.id', 'list_alerts.list_id')
    .selectAll('list_alerts')
    .select('lists.name as list_name')
    .where('list_alerts.case_id', '=', caseId);
  if (opts.state) q = q.where('list_alerts.state', '=', opts.state);
  const rows = await q
    .orderBy('list_alerts.score', 'desc')
    .orderBy('list_alerts.id')
    .limit(opts.limit ?? 1000)
    .execute();
  return rows.map(({ list_name, ...r }) => toAlert(r, list_name));
}

export async function getAlert(db: Kysely<Database>, caseId: string, id: string): Promise<Alert> {
  const row = await db
    .selectFrom('list_alerts')
    .leftJoin('lists', 'lists.id', 'list_alerts.list_id')
    .selectAll('list_alerts')
    .select('lists.name as list_name')
    .where('list_alerts.case_id', '=', caseId)
    .where('list_alerts.id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new ChokepointError('CP_NOT_FOUND', `no alert "${id}" in case "${caseId}"`, {
      field: 'alert',
      expected: 'an alert id from `chokepoint alerts`',
    });
  const { list_name, ...r } = row;
  return toAlert(r, list_name);
}

/** Stores a decision; with an alert, the alert takes its state in the same transaction. */
export async function recordDecision(
  db: Kysely<Database>,
  d: Omit<ScreeningDecision, 'id' | 'decided_at'>,
): Promise<ScreeningDecision> {
  const row: ScreeningDecision = {
    ...d,
    id: newId('decision'),
    decided_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('list_decisions')
      .values({
        ...row,
        query: JSON.stringify(row.query),
        entry: JSON.stringify(row.entry),
        features: JSON.stringify(row.features),
      })
      .execute();
    if (row.alert_id)
      await trx
        .updateTable('list_alerts')
        .set({
          state: row.decision,
          decided_by: row.decided_by,
          decided_at: row.decided_at,
          note: row.note,
          updated_at: row.decided_at,
        })
        .where('id', '=', row.alert_id)
        .where('case_id', '=', row.case_id)
        .execute();
  });
  return row;
}

/**
 * Reviewers' decisions on screening hits, oldest first (of one case, or all): the query,
 * the listed entry, the score and features the engine gave, and the verdict. The read that
 * calibration takes its labelled pairs from.
 */
export async function screeningDecisions(
  db: Kysely<Database>,
  opts: { caseId?: string; decision?: Decision } = {},
): Promise<ScreeningDecision[]> {
  let q = db.selectFrom('list_decisions').selectAll();
  if (opts.caseId) q = q.where('case_id', '=', opts.caseId);
  if (opts.decision) q = q.where('decision', '=', opts.decision);
  const rows = await q.orderBy('decided_at').orderBy('id').execute();
  return rows.map((r) => ({
    ...r,
    query: JSON.parse(r.query) as Record<string, unknown>,
    entry: JSON.parse(r.entry) as Record<string, unknown>,
    features: JSON.parse(r.features) as Features,
    score: Number(r.score),
    decision: r.decision as Decision,
  }));
}
