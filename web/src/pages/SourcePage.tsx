// One source: what it is (publisher, kind, date, reliability), and every record it supports
// with the credibility of what it says of each, each record opening its page.
import type { ReactNode } from 'react';
import { Missing, text, useCaseApi } from '../lib.tsx';
import { href } from '../router.ts';

/** Where a supported record opens. */
function recordHref(kind: string, id: string): string | null {
  switch (kind) {
    case 'incident':
      return href('incidents', { incident: id });
    case 'order':
      return href('orders', { order: id });
    case 'entity':
      return href('entity', { id });
    case 'seizure':
      return href('seizures', { seizure: id });
    case 'item':
      return href('seizures', { item: id });
    default:
      return null;
  }
}

export default function SourcePage({ params }: { params: URLSearchParams }): ReactNode {
  const id = params.get('id');
  const loaded = useCaseApi(id ? 'sources/{id}' : null, { id: id ?? undefined });
  if (!id) return <p className="muted">No source chosen.</p>;
  const s = loaded.data;
  if (!s) return <Missing loaded={loaded} what="source" />;
  return (
    <section data-testid="source-page">
      <div className="page-head">
        <h1>{s.title}</h1>
        <span
          className="grade"
          title="source reliability, A (completely reliable) to F (cannot be judged)"
        >
          {s.reliability}
        </span>
      </div>
      <div className="card">
        <dl className="fields">
          {(['publisher', 'kind', 'published', 'id'] as const).map((k) =>
            s[k] ? (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{k}</dt>
                <dd>{text(s[k])}</dd>
              </div>
            ) : null,
          )}
          {s.url && /^https?:\/\//i.test(s.url) ? (
            <>
              <dt>link</dt>
              <dd>
                <a href={s.url} target="_blank" rel="noreferrer noopener">
                  {s.url}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
        <h2>Records it supports ({s.records.length})</h2>
        <ul className="plain-list" data-testid="source-records">
          {s.records.map((r, i) => {
            const to = recordHref(r.record_kind, r.record_id);
            return (
              <li key={i}>
                <span className="kind-badge">{r.record_kind}</span>{' '}
                {to ? <a href={to}>{r.record_id}</a> : r.record_id}{' '}
                <span
                  className="grade"
                  title="credibility of what it says of this record, 1 (confirmed) to 6"
                >
                  {s.reliability}
                  {r.credibility}
                </span>
                {r.page ? <span className="muted"> · {r.page}</span> : null}
                {r.excerpt ? <blockquote>{r.excerpt}</blockquote> : null}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
