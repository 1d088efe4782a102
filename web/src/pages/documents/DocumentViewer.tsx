import { lazy, Suspense, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import { api, type ApiError } from '../../api.ts';
import { ErrorBox, Loading, useApp, useCaseApi } from '../../lib.tsx';
import { href, setParams } from '../../router.ts';
import { Highlighted, queryRanges } from './Highlighted.tsx';
import type { MentionsSlotProps, PageHighlight } from './slot.ts';

// The mentions panel is another module's (slot.ts says the contract); mounted when present.
const mentionsModules = import.meta.glob<{ default: ComponentType<MentionsSlotProps> }>(
  './Mentions.tsx',
);
const mentionsLoader = mentionsModules['./Mentions.tsx'];
const Mentions = mentionsLoader ? lazy(mentionsLoader) : null;

/** Kinds of document whose pages have images: PDFs, images, Office files printed to PDF. */
function hasImages(d: { mime: string; rendition_sha256: string | null }): boolean {
  return d.mime === 'application/pdf' || d.mime.startsWith('image/') || Boolean(d.rendition_sha256);
}

/** One document: its pages (image or text), the search words and mentions marked, its files. */
export function DocumentViewer({
  id,
  page,
  query,
}: {
  id: string;
  page: number;
  query: string;
}): ReactNode {
  const { caseRef, canWrite } = useApp();
  const doc = useCaseApi('documents/{id}', { id });
  const text = useCaseApi('documents/{id}/pages/{page}', { id, page });
  const [view, setView] = useState<'image' | 'text'>('image');
  const [marks, setMarks] = useState<PageHighlight[]>([]);
  const [queued, setQueued] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const base = `/api/cases/${encodeURIComponent(caseRef.id)}/documents/${encodeURIComponent(id)}`;
  const pageText = text.data?.text ?? '';
  const ranges = useMemo(() => queryRanges(pageText, query), [pageText, query]);

  if (doc.loading) return <Loading what="document" />;
  if (!doc.data) return <ErrorBox error={doc.error} />;
  const d = doc.data;
  const pages = Math.max(d.pages, 1);
  const images = hasImages(d) && d.pages > 0;
  const showImage = images && view === 'image';
  const go = (p: number) => setParams({ page: p });

  const reprocess = () => {
    setError(null);
    api
      .post('/api/cases/{caseId}/documents/{id}/reprocess', { caseId: caseRef.id, id })
      .then((r) => setQueued(r.job_id))
      .catch((e: unknown) => setError(e as ApiError));
  };

  return (
    <section className="document-viewer" data-testid="document-viewer">
      <p>
        <a href={href('documents', { q: query || null })}>← Documents</a>
      </p>
      <h1>{d.title}</h1>
      <p className="muted">
        {d.file_name} · {d.mime} · {d.pages} page(s) · {d.language ?? 'language not told'} ·{' '}
        <span data-testid="document-status">{d.status}</span> ·{' '}
        <a href={`${base}/original`} download={d.file_name}>
          original
        </a>
        {d.parent_id ? (
          <>
            {' '}
            · found in <a href={href('documents', { id: d.parent_id })}>its parent</a>
          </>
        ) : null}
      </p>
      {Object.keys(d.meta).length ? (
        <dl className="fields">
          {Object.entries(d.meta).map(([k, v]) => (
            <span key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </span>
          ))}
        </dl>
      ) : null}
      {d.errors.length ? (
        <div className="error" role="alert">
          {d.errors.map((e, i) => (
            <p key={i}>
              {e.stage}
              {e.page ? `, page ${e.page}` : ''}: {e.message} ({e.code})
            </p>
          ))}
          {canWrite ? <button onClick={reprocess}>Process again</button> : null}
          {queued ? <span className="muted"> queued as job {queued}</span> : null}
        </div>
      ) : null}
      <ErrorBox error={error} />
      <nav className="pager" aria-label="Pages">
        <button disabled={page <= 1} onClick={() => go(page - 1)}>
          Previous
        </button>{' '}
        <span data-testid="page-number">
          page {page} of {pages}
        </span>{' '}
        <button disabled={page >= pages} onClick={() => go(page + 1)}>
          Next
        </button>{' '}
        {images ? (
          <button
            onClick={() => setView(view === 'image' ? 'text' : 'image')}
            data-testid="toggle-view"
          >
            {view === 'image' ? 'Show text' : 'Show image'}
          </button>
        ) : null}
      </nav>
      <div className="document-page">
        {showImage ? (
          <img
            src={`${base}/pages/${page}/image`}
            alt={`Page ${page} of ${d.title}`}
            data-testid="page-image"
            style={{ maxWidth: '100%', border: '1px solid #ccc' }}
          />
        ) : null}
        <pre className="page-text" data-testid="page-text" hidden={showImage} dir="auto">
          {text.loading ? '…' : null}
          <Highlighted
            text={pageText}
            marks={[
              ...ranges,
              ...marks.map((m) => ({ start: m.start, end: m.end, field: m.kind })),
            ]}
          />
        </pre>
        {showImage && marks.length ? (
          <p className="muted">Show the text to see the {marks.length} mention(s) marked.</p>
        ) : null}
        {Mentions && text.data ? (
          <aside className="mentions" data-slot="mentions">
            <Suspense fallback={<Loading what="mentions" />}>
              <Mentions documentId={id} page={page} text={pageText} onHighlights={setMarks} />
            </Suspense>
          </aside>
        ) : null}
      </div>
      {'children' in d && d.children.length ? (
        <>
          <h2>Found in this document</h2>
          <ul>
            {d.children.map((c) => (
              <li key={c.id}>
                <a href={href('documents', { id: c.id })}>{c.title}</a> · {c.mime} · {c.pages}{' '}
                page(s) · {c.status}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
