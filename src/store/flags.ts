import type { Kysely } from 'kysely';
import { ChokepointError } from '../core/errors.ts';
import type { FlagScore, ReviewDecision, ReviewStatus, StoredFlag } from '../flags/schema.ts';
import type { Database } from './types.ts';

export type { ReviewDecision, ReviewStatus } from '../flags/schema.ts';
/** A flag and a score as kept (the records of flags/schema.ts). */
export type { StoredFlag };
export type StoredScore = FlagScore;

/** Appends scores; earlier scores stay, so a re-score after new evidence keeps the history. */
export async function saveScores(
  db: Kysely<Database>,
  caseId: string,
  scores: StoredScore[],
): Promise<void> {
  for (let i = 0; i < scores.length; i += 1000) {
    await db
      .insertInto('flag_scores')
      .values(
        scores.slice(i, i + 1000).map((s) => ({
          case_id: caseId,
          order_id: s.order_id,
          rules_version: s.rules_version,
          likelihood: s.likelihood,
          flags: JSON.stringify(s.flags),
          scored_at: s.scored_at,
        })),
      )
      .execute();
  }
}

/** Every score of an order, oldest first. */
export async function scoreHistory(
  db: Kysely<Database>,
  caseIds: string[],
  orderId: string,
): Promise<StoredScore[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('flag_scores')
    .where('case_id', 'in', caseIds)
    .where('order_id', '=', orderId)
    .select(['order_id', 'rules_version', 'likelihood', 'flags', 'scored_at', 'id'])
    .orderBy('id')
    .execute();
  return rows.map(({ id: _id, ...r }) => ({ ...r, flags: JSON.parse(r.flags) as StoredFlag[] }));
}

/** The latest score of every order that has one. */
export async function latestScores(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<StoredScore[]> {
  if (caseIds.length === 0) return [];
  const rows = await latestScoreQuery(db, caseIds)
    .orderBy('f.likelihood', 'desc')
    .orderBy('f.order_id')
    .execute();
  return rows.map((r) => ({ ...r, flags: JSON.parse(r.flags) as StoredFlag[] }));
}

/** The latest score of every order of the cases that has one, or of these orders only. */
function latestScoreQuery(db: Kysely<Database>, caseIds: string[], orderIds?: string[]) {
  return db
    .selectFrom('flag_scores as f')
    .where('f.case_id', 'in', caseIds)
    .where('f.id', 'in', (eb) => {
      let g = eb.selectFrom('flag_scores as g').where('g.case_id', 'in', caseIds);
      if (orderIds) g = g.where('g.order_id', 'in', orderIds);
      return g.select((e) => e.fn.max('g.id').as('id')).groupBy(['g.case_id', 'g.order_id']);
    })
    .select(['f.order_id', 'f.rules_version', 'f.likelihood', 'f.flags', 'f.scored_at']);
}

export async function addReview(
  db: Kysely<Database>,
  caseId: string,
  d: ReviewDecision,
): Promise<void> {
  await db
    .insertInto('reviews')
    .values({ case_id: caseId, ...d })
    .execute();
}

export async function reviewHistory(
  db: Kysely<Database>,
  caseIds: string[],
  orderId: string,
): Promise<ReviewDecision[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('reviews')
    .where('case_id', 'in', caseIds)
    .where('order_id', '=', orderId)
    .select(['order_id', 'status', 'decided_by', 'reason', 'decided_at', 'id'])
    .orderBy('id')
    .execute();
  return rows.map(({ id: _id, ...r }) => ({ ...r, status: r.status as ReviewStatus }));
}

/** The latest review decision of every reviewed order. */
export async function latestReviews(
  db: Kysely<Database>,
  caseIds: string[],
): Promise<ReviewDecision[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('reviews as r')
    .where('r.case_id', 'in', caseIds)
    .where('r.id', 'in', (eb) =>
      eb
        .selectFrom('reviews as q')
        .where('q.case_id', 'in', caseIds)
        .select((e) => e.fn.max('q.id').as('id'))
        .groupBy(['q.case_id', 'q.order_id']),
    )
    .select(['r.order_id', 'r.status', 'r.decided_by', 'r.reason', 'r.decided_at'])
    .orderBy('r.order_id')
    .execute();
  return rows.map((r) => ({ ...r, status: r.status as ReviewStatus }));
}

/** A calibrated rule set as stored: the rules JSON under a name and a version number. */
export interface StoredRuleSet {
  name: string;
  version: number;
  description: string;
  source: string | null;
  created_by: string | null;
  created_at: string;
  /** The rules document (JSON text). */
  rules: string;
}

/** The version the next rule set of a name will take (1 for a new name). */
export async function nextRuleSetVersion(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db
    .selectFrom('rule_sets')
    .where('name', '=', name)
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

/**
 * Saves one version of a named rule set. A version is never overwritten: a second save of
 * the same name and version (two calibrations at once) is refused by the unique key.
 */
export async function saveRuleSet(db: Kysely<Database>, set: StoredRuleSet): Promise<void> {
  const taken = await db
    .selectFrom('rule_sets')
    .select('id')
    .where('name', '=', set.name)
    .where('version', '=', set.version)
    .executeTakeFirst();
  if (taken)
    throw new ChokepointError('CP_CONFLICT', `rule set ${set.name} v${set.version} exists`, {
      field: 'name',
      expected: 'a version not yet saved (calibrate again)',
    });
  await db.insertInto('rule_sets').values(set).execute();
}

/** Every stored rule set (without its rules document), by name then version. */
export async function listRuleSets(db: Kysely<Database>): Promise<Omit<StoredRuleSet, 'rules'>[]> {
  return db
    .selectFrom('rule_sets')
    .select(['name', 'version', 'description', 'source', 'created_by', 'created_at'])
    .orderBy('name')
    .orderBy('version')
    .execute();
}

/** A stored rule set: one version of a name, or its latest when no version is given. */
export async function getRuleSet(
  db: Kysely<Database>,
  name: string,
  version?: number,
): Promise<StoredRuleSet | undefined> {
  let q = db
    .selectFrom('rule_sets')
    .select(['name', 'version', 'description', 'source', 'created_by', 'created_at', 'rules'])
    .where('name', '=', name);
  if (version !== undefined) q = q.where('version', '=', version);
  return q.orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** The latest score of each of these orders that has one (any number of ids). */
export async function latestScoresFor(
  db: Kysely<Database>,
  caseIds: string[],
  orderIds: string[],
): Promise<StoredScore[]> {
  if (caseIds.length === 0 || orderIds.length === 0) return [];
  const out: StoredScore[] = [];
  const unique = [...new Set(orderIds)];
  for (let i = 0; i < unique.length; i += 5000) {
    const ids = unique.slice(i, i + 5000);
    const rows = await latestScoreQuery(db, caseIds, ids).execute();
    for (const r of rows) out.push({ ...r, flags: JSON.parse(r.flags) as StoredFlag[] });
  }
  return out;
}
