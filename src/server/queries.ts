/**
 * The paged reads of the routes live in the store, beside their records (`pageOrders` in
 * store/orders.ts, `pageIncidents`, `pageEntities`, `pageSeizures`). This re-export is
 * kept only for the order routes, which still import `pageOrders` from here; it goes once
 * they import it from the store.
 */
export { pageOrders } from '../store/orders.ts';
