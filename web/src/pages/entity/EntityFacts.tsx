import type { ReactNode } from 'react';
import { fmt, text } from '../../lib.tsx';
import { href } from '../../router.ts';
import type { EntityPageData } from './types.ts';

const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName'];
const NAME_LABELS: Record<string, string> = {
  name: 'name',
  alias: 'alias',
  weakAlias: 'weak alias',
  previousName: 'previous name',
};

/** FtM properties whose values are entity ids (the ends of a payment, an ownership …). */
const ENTITY_REFS = new Set([
  'payer',
  'beneficiary',
  'owner',
  'asset',
  'director',
  'organization',
  'member',
  'person',
  'relative',
  'subject',
  'object',
]);

function values(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).map(text).filter(Boolean);
}

/** Names and aliases (with the grades of the sources that give them), properties, relations, hits and role. */
export function EntityFacts({ page }: { page: EntityPageData }): ReactNode {
  const e = page.entity;
  const grades = [...new Set(page.evidence.map((s) => s.grade))].join(', ');
  const names = NAME_PROPS.flatMap((p) =>
    values(e.properties[p]).map((v) => ({ kind: NAME_LABELS[p]!, v })),
  );
  const props = Object.entries(e.properties).filter(([k]) => !NAME_PROPS.includes(k));
  return (
    <>
      <h2>Names and aliases</h2>
      <ul className="plain-list" data-testid="entity-names">
        {names.map((n, i) => (
          <li key={i}>
            <strong>{n.v}</strong> <span className="muted">({n.kind})</span>
            {grades ? (
              <span className="muted" title="Admiralty grades of the sources on this entity">
                {' '}
                · sources {grades}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {props.length ? (
        <>
          <h2>Properties</h2>
          <dl className="fields">
            {props.map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>
                  {ENTITY_REFS.has(k)
                    ? values(v).map((id, i) => (
                        <span key={id}>
                          {i ? '; ' : ''}
                          <a href={href('entity', { id })}>{id}</a>
                        </span>
                      ))
                    : values(v).join('; ')}
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <h2>Role in the network</h2>
      <p data-testid="entity-role">
        {page.network.junction_rank
          ? `Junction point, rank ${page.network.junction_rank} (score ${fmt(page.network.junction_score, 2)}): it sits on the supply chains of several commodities.`
          : 'Not a junction point.'}{' '}
        {page.network.in_cut
          ? 'In the minimum cut (choke point): removing it, with the others of the cut, disconnects the suppliers from the end users.'
          : 'Not in the minimum cut.'}
      </p>
      <h2>Relations ({page.relations.length})</h2>
      <ul className="plain-list" data-testid="entity-relations">
        {page.relations.map((r) => {
          const outgoing = r.source_id === e.id;
          const otherId = r.other?.id ?? (outgoing ? r.target_id : r.source_id);
          return (
            <li key={r.id}>
              {r.schema} {outgoing ? '→' : '←'}{' '}
              <a href={href('entity', { id: otherId })}>{r.other?.caption ?? otherId}</a>
              {r.other?.schema ? <span className="muted"> ({r.other.schema})</span> : null}
              {r.start_date ? <span className="muted"> since {r.start_date}</span> : null}
              {r.end_date ? <span className="muted"> until {r.end_date}</span> : null}
            </li>
          );
        })}
      </ul>
      <h2>Sanctions hits ({page.sanctions_hits.length})</h2>
      {page.sanctions_hits.length === 0 ? (
        <p className="muted">No hit on the loaded lists.</p>
      ) : (
        <ul className="plain-list" data-testid="entity-hits">
          {page.sanctions_hits.map((h, i) => (
            <li key={i}>
              <strong>{h.name || h.entity_id}</strong> on {text(h.list) || 'a list'}, score{' '}
              {fmt(h.score, 2)}. Why:{' '}
              {Object.entries(h.features)
                .filter(([, f]) => f.weight !== 0)
                .map(([k, f]) => `${k.replace(/_/g, ' ')} ${fmt(f.value, 2)}`)
                .join(', ') || 'the names agree'}
              .
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
