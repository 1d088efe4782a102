import { useEffect, type ReactNode } from 'react';
import { Missing, useCaseApi } from '../../lib.tsx';
import type { CaseResponse } from '../../api.ts';
import { EntityPicker } from './NetworkControls.tsx';

export type Shortest = CaseResponse<'network/shortest-path'>;

/**
 * How two parties are connected: the fewest links of any kind between them (the API's
 * shortest path), each step with its kind, orders and dates; drawn over the graph.
 */
export function ConnectPanel({
  a,
  b,
  nodes,
  onChange,
  onFocus,
  onPath,
}: {
  a: string;
  b: string;
  nodes: { id: string; label: string }[];
  onChange: (a: string, b: string) => void;
  onFocus: (id: string) => void;
  onPath: (p: Shortest | null) => void;
}): ReactNode {
  const path = useCaseApi(a && b ? 'network/shortest-path' : null, { from: a, to: b });
  const name = (id: string) => nodes.find((n) => n.id === id)?.label ?? id;
  const p = path.data;
  // The path found is drawn over the graph at once (and taken away when the ends change).
  useEffect(() => onPath(p && p.length !== null ? p : null), [p]);
  return (
    <div data-testid="connect">
      <h2>Path between two entities</h2>
      <div className="filters">
        <EntityPicker
          label="From"
          value={a}
          nodes={nodes}
          onChange={(v) => onChange(v, b)}
          testId="connect-a"
        />
        <EntityPicker
          label="To"
          value={b}
          nodes={nodes}
          onChange={(v) => onChange(a, v)}
          testId="connect-b"
        />
      </div>
      {a && b ? <Missing loaded={path} what="path" /> : null}
      {p ? (
        p.length === null ? (
          <p data-testid="connect-result">
            No chain of links joins {p.from.name} and {p.to.name}.
          </p>
        ) : (
          <div data-testid="connect-result">
            <p>
              {p.length} link{p.length === 1 ? '' : 's'}:{' '}
              {p.nodes.map((n, i) => (
                <span key={n.id}>
                  {i ? ' — ' : ''}
                  <button className="link" onClick={() => onFocus(n.id)}>
                    {n.name}
                  </button>
                </span>
              ))}
            </p>
            <ol>
              {p.edges.map((e, i) => (
                <li key={i}>
                  {name(e.source)} {e.reversed ? '←' : '→'} {name(e.target)}{' '}
                  <span className="muted">
                    {e.kind} ({[...e.via, ...e.order_ids].join(', ')})
                    {e.dates.length ? ` · ${e.dates.join(', ')}` : ''}
                  </span>
                </li>
              ))}
            </ol>
          </div>
        )
      ) : null}
    </div>
  );
}
