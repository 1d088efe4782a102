import type { ReactNode } from 'react';
import { FlagList } from '../../components/FlagList.tsx';
import { fmt, text } from '../../lib.tsx';
import { href } from '../../router.ts';
import type { EntityPageData } from './types.ts';

/** The orders the entity is a party to, each with its latest score and flags in words. */
export function EntityOrders({ page }: { page: EntityPageData }): ReactNode {
  const scores = new Map(page.flags.map((s) => [s.order_id, s]));
  return (
    <>
      <h2>Orders ({page.orders.length})</h2>
      {page.orders.length === 0 ? <p className="muted">A party to no order.</p> : null}
      {page.orders.map((o) => {
        const s = scores.get(o.order_id);
        return (
          <div key={o.order_id} className="entity-order" data-order={o.order_id}>
            <h3>
              <a href={href('orders', { order: o.order_id })}>Order {o.order_id}</a>{' '}
              <span className="muted">{text(o.order_date)}</span>
              {s ? (
                <span className="likelihood"> · {fmt(s.likelihood * 100, 0)} % likely illicit</span>
              ) : null}
            </h3>
            <p className="small">
              {text(o.goods)} · {fmt(o.quantity)} {text(o.unit)} · {o.seller} → {o.buyer}
              {o.payer && o.payer !== o.buyer ? ` · paid by ${o.payer}` : ''}
            </p>
            {s ? <FlagList flags={s.flags} compact /> : <p className="muted">Not scored.</p>}
          </div>
        );
      })}
    </>
  );
}
