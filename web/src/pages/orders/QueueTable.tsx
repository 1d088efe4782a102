import type { ReactNode } from 'react';
import type { CaseResponse, ItemOf, Schemas } from '../../api.ts';
import { num, TableHead } from '../../components/TableHead.tsx';
import { fmt, text } from '../../lib.tsx';
import { href } from '../../router.ts';

type QueueRow = ItemOf<CaseResponse<'flags/queue'>>;

/** The scored orders, most likely first as the API ranks them, each a link to its panel. */
export function QueueTable({
  rows,
  orders,
  selected,
  status,
}: {
  rows: QueueRow[];
  /** The orders by id: the queue carries scores, the order list parties and goods. */
  orders: Map<string, Schemas['Order']>;
  selected: string | null;
  status: string;
}): ReactNode {
  return (
    <table className="data" data-testid="queue">
      <TableHead columns={[num('Likelihood'), 'Order', 'Buyer', 'Goods', 'Flags']} />
      <tbody>
        {rows.map((r) => {
          const id = r.order_id;
          const o: Partial<Schemas['Order']> = orders.get(id) ?? {};
          return (
            <tr key={id} className={id === selected ? 'selected' : ''} data-order={id}>
              <td className="num">
                <span className="likelihood" data-value={r.likelihood}>
                  {fmt(r.likelihood * 100, 0)} %
                </span>{' '}
                <span className="bar" style={{ width: `${Math.round(r.likelihood * 60)}px` }} />
              </td>
              <td className="nowrap">
                <a
                  href={`#/orders?order=${encodeURIComponent(id)}&status=${status}`}
                  aria-label={`Order ${id}`}
                >
                  {id}
                </a>
              </td>
              <td className="wide">
                {o.buyer ? <a href={href('entity', { q: o.buyer })}>{o.buyer}</a> : null}
              </td>
              <td className="wide">{text(o.goods)}</td>
              <td className="small">{r.flags.map((f) => f.name).join(' · ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
