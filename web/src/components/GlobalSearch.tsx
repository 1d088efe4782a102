// The search box of every page: records of every kind (entities, orders, incidents, items,
// sources, documents) found by the API's folded full-text index, so 'demirtas', 'Demirtaş'
// and 'DEMİRTAŞ' find the same person. Facets by kind; '/' focuses the box, the arrows move
// through the results, Enter opens one, Escape closes the list.
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { api, type Schemas } from '../api.ts';
import { useApp } from '../lib.tsx';
import { href } from '../router.ts';

type Hit = Schemas['SearchHit'] & { page?: number; snippet?: string; q?: string };

/** A page of a document that matches, as a hit among the records (kind "document"). */
function documentHit(d: Schemas['DocumentHit'], q: string): Hit {
  return {
    case_id: d.case_id,
    record_kind: 'document',
    record_id: d.document_id,
    title: `${d.title}, p. ${d.page}`,
    page: d.page,
    snippet: d.snippet,
    q,
  };
}

const KIND_LABELS: Record<string, string> = {
  entity: 'Entities',
  order: 'Orders',
  incident: 'Incidents',
  item: 'Seized items',
  seizure: 'Seizures',
  source: 'Sources',
  document: 'Documents',
};

/** Where a hit opens: its page in the app, or null when it has none. */
export function hitHref(
  h: Pick<Hit, 'record_kind' | 'record_id'> & { page?: number; q?: string },
): string | null {
  const id = h.record_id;
  switch (h.record_kind) {
    case 'entity':
      return href('entity', { id });
    case 'order':
      return href('orders', { order: id });
    case 'incident':
      return href('incidents', { incident: id });
    case 'item':
      return href('seizures', { item: id });
    case 'seizure':
      return href('seizures', { seizure: id });
    case 'document':
      return href('documents', { id, page: h.page, q: h.q });
    case 'source':
      return href('source', { id });
    default:
      return null;
  }
}

function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** The hits of the query in the current case, after a short pause in typing. */
function useSearch(q: string, caseId: string): { hits: Hit[]; busy: boolean } {
  const [state, setState] = useState<{ q: string; hits: Hit[] }>({ q: '', hits: [] });
  useEffect(() => {
    const query = q.trim();
    if (!query) return;
    let live = true;
    const timer = setTimeout(() => {
      api
        .get('/api/search', { q: query, limit: 100 })
        .then((r) => {
          if (!live) return;
          const docs = (r.documents ?? []).map((d) => documentHit(d, query));
          setState({ q, hits: [...r.items, ...docs].filter((h) => h.case_id === caseId) });
        })
        .catch(() => live && setState({ q, hits: [] }));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, caseId]);
  const current = state.q === q;
  return { hits: current && q.trim() ? state.hits : [], busy: Boolean(q.trim()) && !current };
}

export function GlobalSearch(): ReactNode {
  const { caseRef } = useApp();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [facet, setFacet] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const { hits, busy } = useSearch(q, caseRef.id);

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const h of hits) m.set(h.record_kind, (m.get(h.record_kind) ?? 0) + 1);
    return [...m.entries()];
  }, [hits]);
  const shown = facet ? hits.filter((h) => h.record_kind === facet) : hits;

  // '/' anywhere outside a field focuses the box, as on the sites analysts know.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing =
        t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT');
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const go = (h: Hit | undefined) => {
    const to = h ? hitHref(h) : null;
    if (!to) return;
    window.location.hash = to;
    setOpen(false);
    input.current?.blur();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, shown.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(shown[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const expanded = open && q.trim() !== '';
  return (
    <div
      className="global-search"
      role="search"
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <input
        ref={input}
        type="search"
        value={q}
        placeholder="Search anything ( / )"
        aria-label="Search every record of the case"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && shown[active] ? `${listId}-${active}` : undefined}
        role="combobox"
        aria-autocomplete="list"
        data-testid="global-search"
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {expanded ? (
        <div className="search-results" data-testid="search-results">
          <div className="facets" role="group" aria-label="Kinds of record">
            <button
              type="button"
              className={facet === null ? 'facet on' : 'facet'}
              aria-pressed={facet === null}
              onClick={() => setFacet(null)}
            >
              All {hits.length}
            </button>
            {counts.map(([kind, n]) => (
              <button
                type="button"
                key={kind}
                className={facet === kind ? 'facet on' : 'facet'}
                aria-pressed={facet === kind}
                data-facet={kind}
                onClick={() => {
                  setFacet(facet === kind ? null : kind);
                  setActive(0);
                }}
              >
                {kindLabel(kind)} {n}
              </button>
            ))}
          </div>
          <ul id={listId} role="listbox" aria-label="Search results">
            {shown.map((h, i) => {
              const to = hitHref(h);
              return (
                <li
                  key={`${h.record_kind}:${h.record_id}`}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : ''}
                  data-kind={h.record_kind}
                  data-id={h.record_id}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => go(h)}
                  onMouseEnter={() => setActive(i)}
                >
                  <span className="hit-kind">{kindLabel(h.record_kind)}</span>{' '}
                  <span className={to ? 'hit-title' : 'hit-title muted'}>
                    {h.title || h.record_id}
                  </span>
                  <span className="muted small">
                    {h.snippet ? h.snippet.slice(0, 120) : h.record_id}
                  </span>
                </li>
              );
            })}
          </ul>
          {shown.length === 0 ? (
            <p className="muted" role="status">
              {busy ? 'Searching…' : `Nothing found for “${q.trim()}”.`}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
