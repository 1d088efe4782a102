import { useEffect, useState, type ReactNode } from 'react';
import { api, type Schemas } from '../../api.ts';
import { useApp } from '../../lib.tsx';
import { href } from '../../router.ts';

/** Documents of the case that name the entity, found by the folded full-text search. */
export function DocumentMentions({ name }: { name: string }): ReactNode {
  const { caseRef } = useApp();
  const [hits, setHits] = useState<Schemas['DocumentHit'][] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .get('/api/search', { q: name, kind: 'document', limit: 50 })
      .then((r) => live && setHits((r.documents ?? []).filter((h) => h.case_id === caseRef.id)))
      .catch(() => live && setHits([]));
    return () => {
      live = false;
    };
  }, [name, caseRef.id]);
  if (hits === null) return <p className="muted">Looking for mentions…</p>;
  if (hits.length === 0) return <p className="muted">No document of the case names it.</p>;
  return (
    <ul className="plain-list" data-testid="entity-documents">
      {hits.map((h) => (
        <li key={`${h.document_id}:${h.page}`}>
          <a href={href('documents', { id: h.document_id, page: h.page, q: name })}>
            {h.title}, p. {h.page}
          </a>
          <div className="muted small">{h.snippet}</div>
        </li>
      ))}
    </ul>
  );
}
