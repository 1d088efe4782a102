import { useState, type ReactNode } from 'react';
import { href } from '../../router.ts';
import { Missing, useCaseApi } from '../../lib.tsx';
import type { CaseResponse } from '../../api.ts';

type SupplyPath = CaseResponse<'network/paths'>['paths'][number];

/**
 * Supply paths from the chosen suppliers to the chosen end users, each step with its
 * orders (links to the order) and the date the timeline takes for it; one path at a time
 * is drawn over the graph.
 */
export function PathsPanel({
  from,
  to,
  onShow,
  shown,
  names,
  commodity,
}: {
  from: string;
  to: string;
  onShow: (p: SupplyPath | null) => void;
  shown: SupplyPath | null;
  names: Map<string, string>;
  /** The graph's commodity filter (a label), '' for all goods: paths carrying it only. */
  commodity: string;
}): ReactNode {
  const [limit, setLimit] = useState(25);
  const paths = useCaseApi('network/paths', { from, to, max_paths: limit });
  const name = (id: string) => names.get(id) ?? id;
  const list = (paths.data?.paths ?? []).filter(
    (p) => !commodity || p.commodities.includes(commodity),
  );
  return (
    <div data-testid="supply-paths">
      <h2>Supply paths</h2>
      <p className="muted">
        From <code>{from}</code> to <code>{to}</code> (the cut's selectors).
      </p>
      <Missing loaded={paths} what="paths" />
      {paths.data ? (
        <>
          <p className="muted">
            {list.length} path(s){commodity ? ` carrying ${commodity}` : ''}
            {paths.data.truncated ? (
              <>
                {' '}
                (first {limit};{' '}
                <button className="link" onClick={() => setLimit(limit * 4)}>
                  more
                </button>
                )
              </>
            ) : null}
          </p>
          <ol className="paths">
            {list.map((p, i) => {
              const on = shown !== null && samePath(shown, p);
              return (
                <li key={i} data-testid="supply-path">
                  <button
                    className={on ? '' : 'secondary'}
                    aria-pressed={on}
                    onClick={() => onShow(on ? null : p)}
                  >
                    {on ? 'Shown' : 'Show'}
                  </button>{' '}
                  <strong>{p.nodes.map((n) => n.name).join(' → ')}</strong>
                  <div className="muted">
                    {p.commodities.join('; ') || 'goods unknown'} · {p.first_date ?? '?'} →{' '}
                    {p.last_date ?? '?'}
                    {p.elapsed_days !== null ? ` (${p.elapsed_days} days)` : ''}
                    {p.dates_in_order ? '' : ' · some dates out of order'}
                  </div>
                  <ul>
                    {p.edges.map((e, k) => (
                      <li key={k}>
                        <span className="date">{e.date ?? '—'}</span> {name(e.source)} →{' '}
                        {name(e.target)} <span className="muted">({e.via.join('/')})</span>{' '}
                        {e.order_ids.map((o) => (
                          <a key={o} href={href('orders', { order: o })}>
                            {o}{' '}
                          </a>
                        ))}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </div>
  );
}

function samePath(a: SupplyPath, b: SupplyPath): boolean {
  return (
    a.nodes.map((n) => n.id).join() === b.nodes.map((n) => n.id).join() &&
    a.order_ids.join() === b.order_ids.join()
  );
}
