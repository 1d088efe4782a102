import { useState, type ReactNode } from 'react';
import { useCaseApi, ErrorBox, Loading } from '../../lib.tsx';
import { href, setParams } from '../../router.ts';
import { Highlighted, pairs } from './Highlighted.tsx';

/** Full-text search over the pages of the case's documents: best first, page by page. */
export function DocumentSearch({ query }: { query: string }): ReactNode {
  const [q, setQ] = useState(query);
  const hits = useCaseApi(query ? 'documents/search' : null, { q: query, limit: 50 });
  return (
    <div className="card">
      <form
        className="filters"
        role="search"
        aria-label="Search documents"
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ q: q.trim() || null });
        }}
      >
        <label>
          Search the text of every page
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Şanlıurfa, a lot number, an IBAN…"
            data-testid="document-query"
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {hits.loading ? <Loading what="pages" /> : null}
      <ErrorBox error={hits.error} />
      {hits.data ? (
        hits.data.items.length === 0 ? (
          <p className="muted">No page holds every word of “{query}”.</p>
        ) : (
          <ol className="hits" data-testid="document-hits">
            {hits.data.items.map((h) => (
              <li key={`${h.document_id}-${h.page}`} data-testid="document-hit">
                <a href={href('documents', { id: h.document_id, page: h.page, q: query })}>
                  {h.title} · page {h.page}
                </a>
                <p className="snippet">
                  <Highlighted text={h.snippet} marks={pairs(h.highlights, 'query')} />
                </p>
              </li>
            ))}
          </ol>
        )
      ) : null}
    </div>
  );
}
