import type { Store } from '../store/connect.ts';
import { latestReviews as latestReviewsOf, type ReviewDecision } from '../store/flags.ts';

/**
 * The paged reads of the routes now live in the store (`pageOrders` in store/orders.ts,
 * `pageIncidents`, `pageEntities`, `pageSeizures` beside their records). What is left here
 * is for the order routes, which still import it from this module.
 */
export { pageOrders } from '../store/orders.ts';

/** The latest review decision of every reviewed order of one case, by order id. */
export async function latestReviews(
  db: Store['db'],
  caseId: string,
): Promise<Map<string, ReviewDecision>> {
  const rows = await latestReviewsOf(db, [caseId]);
  return new Map(rows.map((r) => [r.order_id, r]));
}
