import type { Kysely } from 'kysely';
import type { FlagScore, ReviewDecision, ReviewStatus, StoredFlag } from '../flags/schema.ts';
import type { Database } from './types.ts';

export { REVIEW_STATUSES } from '../flags/schema.ts';
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
  const rows = await db
    .selectFrom('flag_scores as f')
    .where('f.case_id', 'in', caseIds)
    .where('f.id', 'in', (eb) =>
      eb
        .selectFrom('flag_scores as g')
        .where('g.case_id', 'in', caseIds)
        .select((e) => e.fn.max('g.id').as('id'))
        .groupBy(['g.case_id', 'g.order_id']),
    )
    .select(['f.order_id', 'f.rules_version', 'f.likelihood', 'f.flags', 'f.scored_at'])
    .orderBy('f.likelihood', 'desc')
    .orderBy('f.order_id')
    .execute();
  return rows.map((r) => ({ ...r, flags: JSON.parse(r.flags) as StoredFlag[] }));
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

/** Entries of the loaded screening lists (sanctions and the like), as FtM entity JSON with the list's name. */
export async function screeningEntries(
  db: Kysely<Database>,
): Promise<{ list: string; data: string }[]> {
  return db
    .selectFrom('list_entities as e')
    .innerJoin('lists as l', 'l.id', 'e.list_id')
    .select(['l.name as list', 'e.data'])
    .orderBy('e.list_id')
    .orderBy('e.id')
    .execute();
}
