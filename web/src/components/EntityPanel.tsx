import type { ReactNode } from 'react';
import { fmt, Missing, Sources, text, useCaseApi, type SourceRef } from '../lib.tsx';
import { href } from '../router.ts';

interface Entity {
  id: string;
  schema: string;
  caption?: string;
  name?: string;
  properties?: Record<string, unknown[]>;
  data?: unknown;
}
interface Relation {
  id: string;
  schema: string;
  source_id?: string;
  target_id?: string;
  source_name?: string;
  target_name?: string;
  other_id?: string;
  other_name?: string;
  other?: { id: string; schema?: string; caption?: string } | null;
  start_date?: string | null;
  end_date?: string | null;
}
interface Flag {
  code: string;
  weight?: number;
  evidence?: unknown;
  order_id?: string;
}
interface EntityDetail {
  entity: Entity;
  relations?: Relation[];
  orders?: Record<string, unknown>[];
  flags?: Flag[];
  sanctions_hits?: Record<string, unknown>[];
  evidence?: SourceRef[];
  network?: { junction_rank?: number | null; in_cut?: boolean };
}

export function entityName(e: Entity): string {
  const props = e.properties ?? {};
  return e.caption || e.name || text(props.name?.[0]) || e.id;
}

export function EntityPanel({
  id,
  onFocus,
}: {
  id: string;
  onFocus?: (id: string) => void;
}): ReactNode {
  const loaded = useCaseApi<EntityDetail>(`entities/${encodeURIComponent(id)}`);
  const d = loaded.data;
  if (!d) return <Missing loaded={loaded} what="entity" />;
  const e = d.entity;
  const props = Object.entries(e.properties ?? {}).filter(([k]) => k !== 'name');
  const link = (otherId: string | undefined, name: string | undefined) =>
    otherId && onFocus ? (
      <button className="link" onClick={() => onFocus(otherId)}>
        {name ?? otherId}
      </button>
    ) : (
      <span>{name ?? otherId}</span>
    );
  return (
    <div className="detail" data-testid="entity-panel" data-entity={e.id}>
      <h2 data-testid="entity-name">{entityName(e)}</h2>
      <p className="muted">
        {e.schema} · {e.id}
        {d.network?.junction_rank ? ` · junction rank ${d.network.junction_rank}` : ''}
        {d.network?.in_cut ? ' · in the current choke-point cut' : ''}
      </p>
      {props.length ? (
        <dl className="fields">
          {props.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{(Array.isArray(v) ? v : [v]).map(text).join('; ')}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <h3>Relations ({d.relations?.length ?? 0})</h3>
      <ul className="plain-list" data-testid="entity-relations">
        {(d.relations ?? []).map((r) => {
          const outgoing = r.source_id === e.id;
          const otherId = r.other?.id ?? r.other_id ?? (outgoing ? r.target_id : r.source_id);
          const otherName =
            r.other?.caption ?? r.other_name ?? (outgoing ? r.target_name : r.source_name);
          return (
            <li key={r.id}>
              {r.schema} {outgoing ? '→' : '←'} {link(otherId, otherName)}
              {r.other?.schema ? <span className="muted"> ({r.other.schema})</span> : null}
              {r.start_date ? <span className="muted"> since {r.start_date}</span> : null}
            </li>
          );
        })}
      </ul>
      <h3>Orders ({d.orders?.length ?? 0})</h3>
      <ul className="plain-list" data-testid="entity-orders">
        {(d.orders ?? []).map((o, i) => (
          <li key={text(o.id ?? o.order_id) || i}>
            <a href={href('orders', { order: text(o.id ?? o.order_id) })}>
              {text(o.id ?? o.order_id)}
            </a>{' '}
            {text(o.order_date)} · {text(o.goods)} · {fmt(o.quantity)} {text(o.unit)} ·{' '}
            {text(o.seller)} → {text(o.buyer)}
          </li>
        ))}
      </ul>
      <h3>Flags ({d.flags?.length ?? 0})</h3>
      {(d.flags ?? []).map((f, i) => (
        <div key={i} className="flag">
          <strong>{f.code}</strong> {f.weight !== undefined ? `(+${fmt(f.weight, 2)})` : ''}{' '}
          {f.order_id ? <span className="muted">order {f.order_id}</span> : null}
          <div>{text(f.evidence)}</div>
        </div>
      ))}
      <h3>Sanctions hits ({d.sanctions_hits?.length ?? 0})</h3>
      <ul className="plain-list">
        {(d.sanctions_hits ?? []).map((h, i) => (
          <li key={i}>
            {text(h.name ?? h.entity_id)} · {text(h.list)} · score {fmt(h.score, 2)}
          </li>
        ))}
      </ul>
      <h3>Sources</h3>
      <Sources items={d.evidence} label="Sources" />
    </div>
  );
}
