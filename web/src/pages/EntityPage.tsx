// What is known of one person or company on one page (as Aleph's profiles): names and
// aliases with their sources, properties, relations, orders with their flags in words,
// sanctions hits and why, its place in the network, mentions in documents and a timeline.
import type { ReactNode } from 'react';
import type { CaseResponse } from '../api.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { Missing, Sources, useCaseApi } from '../lib.tsx';
import { href } from '../router.ts';
import { entityName } from '../components/EntityPanel.tsx';
import { DossierLinks } from '../components/DossierLinks.tsx';
import { EntityFacts } from './entity/EntityFacts.tsx';
import { EntityOrders } from './entity/EntityOrders.tsx';
import { EntityTimeline } from './entity/EntityTimeline.tsx';
import { DocumentMentions } from './entity/DocumentMentions.tsx';

export default function EntityPage({ params }: { params: URLSearchParams }): ReactNode {
  const id = params.get('id');
  const q = params.get('q');
  if (!id && q) return <EntityByName name={q} />;
  if (!id)
    return (
      <section>
        <h1>Entity</h1>
        <p className="muted">
          Search for a person or a company with the box at the top (press <kbd>/</kbd>).
        </p>
      </section>
    );
  return <EntityProfile id={id} />;
}

/**
 * A party named in an order (orders carry names, not entity ids): the entity the folded name
 * search finds first, or the list when several are found.
 */
function EntityByName({ name }: { name: string }): ReactNode {
  const found = useCaseApi('entities', { q: name, limit: 10 });
  const items = found.data?.items ?? [];
  if (!found.data) return <Missing loaded={found} what="entity" />;
  if (items.length === 1) return <EntityProfile id={items[0]!.id} />;
  return (
    <section>
      <h1>Entities named “{name}”</h1>
      {items.length === 0 ? <p className="muted">No entity of the case has this name.</p> : null}
      <ul className="plain-list">
        {items.map((e) => (
          <li key={e.id}>
            <a href={href('entity', { id: e.id })}>{entityName(e)}</a>{' '}
            <span className="muted">({e.schema})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The entity, its relations and the entities at their other ends: what its FtM export holds. */
function neighbourhoodIds(d: CaseResponse<'entities/{id}'>): string[] {
  const ids = new Set([d.entity.id]);
  for (const r of d.relations) for (const x of [r.id, r.source_id, r.target_id]) ids.add(x);
  return [...ids];
}

function EntityProfile({ id }: { id: string }): ReactNode {
  const loaded = useCaseApi('entities/{id}', { id });
  const d = loaded.data;
  if (!d) return <Missing loaded={loaded} what="entity" />;
  const e = d.entity;
  const name = entityName(e);
  return (
    <section data-testid="entity-page" data-entity={e.id}>
      <div className="page-head">
        <h1 data-testid="entity-title">{name}</h1>
        <span className="muted">
          {e.schema} · {e.id}
        </span>
        <a href={href('network', { entity: e.id })}>Show in the network</a>
        <DossierLinks kind="entity" id={e.id} />
        <ExportMenu
          kind="ftm"
          label="Export with its relations"
          query={{ ids: neighbourhoodIds(d).join(',') }}
        />
      </div>
      <div className="entity-grid">
        <div className="card">
          <EntityFacts page={d} />
        </div>
        <div className="card">
          <EntityOrders page={d} />
        </div>
        <div className="card">
          <h2>Timeline</h2>
          <EntityTimeline page={d} />
        </div>
        <div className="card">
          <h2>Mentions in documents</h2>
          <DocumentMentions name={name} />
          <h2>Sources</h2>
          <Sources items={d.evidence} label="Sources" />
        </div>
      </div>
    </section>
  );
}
