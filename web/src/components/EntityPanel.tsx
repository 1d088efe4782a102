import type { ReactNode } from 'react';
import type { Schemas } from '../api.ts';
import { fmt, Missing, Sources, text, useCaseApi } from '../lib.tsx';
import { href } from '../router.ts';
import { FlagList } from './FlagList.tsx';

type Entity = Schemas['FtmEntity'];

/** The entity's caption as the FtM file gave it, else its first name, else its id. */
export function entityName(
  e: Pick<Entity, 'id' | 'properties'> & { caption?: unknown; schema?: string },
): string {
  const named = text(e.caption) || text(e.properties.name?.[0]);
  if (named) return named;
  // A payment or another interval has no name: its kind, amount and date say what it is.
  const p = e.properties;
  const said = [text(p.amount?.[0]), text(p.currency?.[0]), text(p.date?.[0] ?? p.startDate?.[0])]
    .filter(Boolean)
    .join(' ');
  return said && e.schema ? `${e.schema} ${said}` : e.id;
}

export function EntityPanel({
  id,
  onFocus,
}: {
  id: string;
  onFocus?: (id: string) => void;
}): ReactNode {
  const loaded = useCaseApi('entities/{id}', { id });
  const d = loaded.data;
  if (!d) return <Missing loaded={loaded} what="entity" />;
  const e = d.entity;
  const props = Object.entries(e.properties).filter(([k]) => k !== 'name');
  // Each score's flags, with the order they were raised on.
  const flags = d.flags.flatMap((s) => s.flags.map((f) => ({ ...f, order_id: s.order_id })));
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
      <h2 data-testid="entity-name">
        <a href={href('entity', { id: e.id })} title="Open the entity page">
          {entityName(e)}
        </a>
      </h2>
      <p className="muted">
        {e.schema} · {e.id}
        {d.network.junction_rank ? ` · junction rank ${d.network.junction_rank}` : ''}
        {d.network.in_cut ? ' · in the current choke-point cut' : ''}
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
      <h3>Relations ({d.relations.length})</h3>
      <ul className="plain-list" data-testid="entity-relations">
        {d.relations.map((r) => {
          const outgoing = r.source_id === e.id;
          const otherId = r.other?.id ?? (outgoing ? r.target_id : r.source_id);
          const otherName = r.other?.caption;
          return (
            <li key={r.id}>
              {r.schema} {outgoing ? '→' : '←'} {link(otherId, otherName)}
              {r.other?.schema ? <span className="muted"> ({r.other.schema})</span> : null}
              {r.start_date ? <span className="muted"> since {r.start_date}</span> : null}
            </li>
          );
        })}
      </ul>
      <h3>Orders ({d.orders.length})</h3>
      <ul className="plain-list" data-testid="entity-orders">
        {d.orders.map((o) => (
          <li key={o.order_id}>
            <a href={href('orders', { order: o.order_id })}>{o.order_id}</a> {text(o.order_date)} ·{' '}
            {text(o.goods)} · {fmt(o.quantity)} {text(o.unit)} · {text(o.seller)} → {text(o.buyer)}
          </li>
        ))}
      </ul>
      <h3>Flags ({flags.length})</h3>
      {d.flags.map((s) => (
        <div key={s.order_id}>
          <a href={href('orders', { order: s.order_id })}>Order {s.order_id}</a>
          <FlagList flags={s.flags} compact />
        </div>
      ))}
      <h3>Sanctions hits ({d.sanctions_hits.length})</h3>
      <ul className="plain-list">
        {d.sanctions_hits.map((h, i) => (
          <li key={i}>
            {h.name || h.entity_id} · {text(h.list)} · score {fmt(h.score, 2)}
          </li>
        ))}
      </ul>
      <h3>Sources</h3>
      <Sources items={d.evidence} label="Sources" />
    </div>
  );
}
