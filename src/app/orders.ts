/**
 * Orders and their red flags: scoring a case's orders (written once, for `flags score`, the
 * API's re-score and the dossiers), the review queue, review decisions, an order's
 * history and its detail. Scoring always reads the same input: the case's orders, its entities, its
 * relations and every loaded screening list through `listEntries`.
 */
import { ChokepointError } from '../core/errors.ts';
import { explainScore } from '../flags/explain.ts';
import { scoreOrders, type ScoredOrder } from '../flags/indicators.ts';
import { parseOrdersCsv } from '../flags/labelled.ts';
import type { Rules } from '../flags/rules.ts';
import type { JobProgress } from '../resolve/jobs.ts';
import type { Store } from '../store/connect.ts';
import { listEntities, listRelations } from '../store/entities.ts';
import {
  addReview,
  latestReviews,
  latestScores,
  reviewHistory,
  saveScores,
  scoreHistory,
  type ReviewDecision,
  type ReviewStatus,
  type StoredScore,
} from '../store/flags.ts';
import { listOrders, type StoredOrder } from '../store/orders.ts';
import { evidenceForMany, type SupportingSource } from '../store/sources.ts';
import { resolveRules } from './rules.ts';
import { listEntries, loadLists } from './screening.ts';

export interface ScoreCaseOptions {
  caseId: string;
  /** Rules, or what `resolveRules` takes (a shipped version or a stored rule set; default v1). */
  rules?: Rules | string;
  /** Keep the scores with their history (default true). */
  save?: boolean;
  onProgress?: JobProgress;
}

export interface CaseScores {
  rules_version: string;
  /** When the scores were made (and saved, when saved). */
  scored_at: string;
  saved: boolean;
  /** Highest likelihood first. */
  scores: ScoredOrder[];
}

/**
 * Scores the stored orders of a case: its orders, entities, relations (both ends known)
 * and every loaded screening list, with the chosen rules; saves the scores unless told not
 * to (a dossier scores without keeping).
 */
export async function scoreCaseOrders(store: Store, opts: ScoreCaseOptions): Promise<CaseScores> {
  const rules = typeof opts.rules === 'object' ? opts.rules : await resolveRules(store, opts.rules);
  opts.onProgress?.(1, 3, 'scoring');
  const scores = await scoreOrdersOf(store, [opts.caseId], rules);
  const scoredAt = new Date().toISOString();
  const save = opts.save ?? true;
  if (save) {
    opts.onProgress?.(2, 3, 'saving');
    await saveScores(
      store.db,
      opts.caseId,
      scores.map((s) => ({
        order_id: s.order_id,
        rules_version: rules.version,
        likelihood: s.likelihood,
        flags: s.flags,
        scored_at: scoredAt,
      })),
    );
  }
  opts.onProgress?.(3, 3, 'done');
  return { rules_version: rules.version, scored_at: scoredAt, saved: save, scores };
}

/** The kinds whose import changes what scoring reads: the orders, the network, the lists. */
const KINDS_THAT_SCORE = new Set(['orders', 'ftm', 'sanctions']);

/**
 * Scores a case's orders after an import that changes what scoring reads (orders, FtM
 * entities and relations, sanctions lists), so that the queue holds scores as soon as the
 * orders are in: the CLI import, the API upload and the demo call it. Null when none of the
 * kinds scores or the case has no orders.
 */
export async function scoreAfterImport(
  store: Store,
  caseId: string,
  kinds: readonly string[],
): Promise<CaseScores | null> {
  if (!kinds.some((k) => KINDS_THAT_SCORE.has(k))) return null;
  // Saving no scores writes nothing, so a case without orders is left as it was.
  const r = await scoreCaseOrders(store, { caseId });
  return r.scores.length ? r : null;
}

/**
 * Scores the stored orders of the cases without saving: the one place that gathers what
 * scoring reads (orders, entities, relations with both ends, the loaded screening lists).
 */
export async function scoreOrdersOf(
  store: Store,
  caseIds: string[],
  rules: Rules,
): Promise<ScoredOrder[]> {
  const orders = await listOrders(store.db, caseIds);
  // No orders, no scores: the lists (every entry of every list, parsed) are not read, which
  // was a third of a 20 000-entry list's import into a case without orders (issue 18, item 4).
  if (!orders.length) return [];
  const [entities, relations, lists] = await Promise.all([
    listEntities(store.db, { caseIds }),
    listRelations(store.db, caseIds),
    loadLists(store),
  ]);
  return scoreOrders(
    {
      orders,
      entities,
      relations: relations.filter((r) => r.source_id && r.target_id),
      lists: listEntries(lists),
    },
    rules,
  );
}

/** Scores the orders of an orders CSV on their own (nothing is read from or written to a store). */
export function scoreOrdersCsv(text: string, file: string, rules: Rules): ScoredOrder[] {
  return scoreOrders({ orders: parseOrdersCsv(text, file).map((r) => r.order) }, rules);
}

/** A kept score whose flags carry their names and their evidence in a sentence. */
export type ExplainedScore = ReturnType<typeof explainScore<StoredScore>>;

export interface QueueEntry {
  score: ExplainedScore;
  review: ReviewDecision | null;
  status: ReviewStatus;
}

/**
 * The review queue: the latest score of each order, highest likelihood first, with its
 * latest review decision (status "new" when none), optionally of one status and above a
 * likelihood.
 */
export async function reviewQueue(
  store: Store,
  opts: { caseId: string; status?: ReviewStatus; min?: number },
): Promise<QueueEntry[]> {
  const [scores, reviews] = await Promise.all([
    latestScores(store.db, [opts.caseId]),
    latestReviews(store.db, [opts.caseId]),
  ]);
  const byOrder = new Map(reviews.map((r) => [r.order_id, r]));
  return scores
    .map((score) => {
      const review = byOrder.get(score.order_id) ?? null;
      return { score: explainScore(score), review, status: review?.status ?? ('new' as const) };
    })
    .filter(
      (e) =>
        (!opts.status || e.status === opts.status) &&
        (opts.min === undefined || e.score.likelihood >= opts.min),
    );
}

function orderNotFound(caseId: string, orderId: string): ChokepointError {
  return new ChokepointError('CP_NOT_FOUND', `no order "${orderId}" in case ${caseId}`, {
    field: 'order_id',
    got: orderId,
  });
}

/** One stored order of a case, or CP_NOT_FOUND. */
export async function getOrder(
  store: Store,
  caseId: string,
  orderId: string,
): Promise<StoredOrder> {
  const [order] = await listOrders(store.db, [caseId], [orderId]);
  if (!order) throw orderNotFound(caseId, orderId);
  return order;
}

/** Records a review decision on an order of the case (who, when, why). */
export async function reviewOrder(
  store: Store,
  opts: {
    caseId: string;
    orderId: string;
    status: ReviewStatus;
    reason: string | null;
    by: string | null;
  },
): Promise<ReviewDecision> {
  await getOrder(store, opts.caseId, opts.orderId);
  const decision: ReviewDecision = {
    order_id: opts.orderId,
    status: opts.status,
    decided_by: opts.by,
    reason: opts.reason,
    decided_at: new Date().toISOString(),
  };
  await addReview(store.db, opts.caseId, decision);
  return decision;
}

/** Every score and review decision of an order, oldest first (the order is not checked). */
function historyOf(store: Store, caseIds: string[], orderId: string) {
  return Promise.all([
    scoreHistory(store.db, caseIds, orderId),
    reviewHistory(store.db, caseIds, orderId),
  ]);
}

/** Every score and review decision of an order, oldest first; CP_NOT_FOUND for an unknown order. */
export async function orderHistory(
  store: Store,
  opts: { caseId: string; orderId: string },
): Promise<{ scores: StoredScore[]; reviews: ReviewDecision[] }> {
  const [scores, reviews] = await historyOf(store, [opts.caseId], opts.orderId);
  if (scores.length === 0 && reviews.length === 0) await getOrder(store, opts.caseId, opts.orderId);
  return { scores, reviews };
}

export interface OrderDetail extends StoredOrder {
  /** The latest score with its flags explained, or null when the order was never scored. */
  flags: ExplainedScore | null;
  /** Every score, oldest first. */
  score_history: StoredScore[];
  /** Every review decision, oldest first. */
  reviews: ReviewDecision[];
  /** The latest decision's status ("new" when none). */
  status: ReviewStatus;
  /** The graded sources that support the order. */
  evidence: SupportingSource[];
}

/**
 * One order of a case with its latest score, its score and review histories, its review
 * status and the sources behind it; CP_NOT_FOUND for an unknown order.
 */
export async function orderDetail(
  store: Store,
  opts: { caseId: string; orderId: string },
): Promise<OrderDetail> {
  const detail = await orderDetailIn(store, [opts.caseId], opts.orderId);
  if (!detail) throw orderNotFound(opts.caseId, opts.orderId);
  return detail;
}

/** `orderDetail` over the cases (an order dossier's), or null for an unknown order. */
export async function orderDetailIn(
  store: Store,
  caseIds: string[],
  orderId: string,
): Promise<OrderDetail | null> {
  const [order] = await listOrders(store.db, caseIds, [orderId]);
  if (!order) return null;
  const [[history, reviews], evidence] = await Promise.all([
    historyOf(store, caseIds, order.order_id),
    evidenceForMany(store.db, caseIds, [order.order_id], 'order'),
  ]);
  return {
    ...order,
    flags: history.length ? explainScore(history.at(-1)!) : null,
    score_history: history,
    reviews,
    status: reviews.at(-1)?.status ?? 'new',
    evidence: evidence.get(order.order_id) ?? [],
  };
}
