import { useEffect, type ReactNode } from 'react';
import { ErrorBox, Loading, fmt, useCaseApi } from '../../lib.tsx';
import { href, setParams } from '../../router.ts';
import { DOCUMENTS_CHANGED } from './slot.ts';

const STATUSES = ['', 'done', 'partial', 'failed', 'processing', 'pending'];
const TYPES: [string, string][] = [
  ['', 'any type'],
  ['application/pdf', 'PDF'],
  ['image/png', 'PNG image'],
  ['image/jpeg', 'JPEG image'],
  ['message/rfc822', 'e-mail'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel'],
  ['text/html', 'HTML'],
  ['text/plain', 'text'],
  ['application/zip', 'ZIP'],
];
const PAGE = 50;

/** The case's documents, newest first, filtered by status, type, and uploads or all. */
export function DocumentList({ params }: { params: URLSearchParams }): ReactNode {
  const status = params.get('status') ?? '';
  const mime = params.get('mime') ?? '';
  const all = params.get('all') === '1';
  const offset = Number(params.get('offset')) || 0;
  const list = useCaseApi('documents', {
    status: status || undefined,
    mime: mime || undefined,
    parent: all ? undefined : 'none',
    limit: PAGE,
    offset,
  });
  const { reload } = list;
  useEffect(() => {
    window.addEventListener(DOCUMENTS_CHANGED, reload);
    return () => window.removeEventListener(DOCUMENTS_CHANGED, reload);
  }, [reload]);
  return (
    <div className="card">
      <form className="filters" aria-label="Filter documents">
        <label>
          Status
          <select
            value={status}
            onChange={(e) => setParams({ status: e.target.value, offset: null })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={mime} onChange={(e) => setParams({ mime: e.target.value, offset: null })}>
            {TYPES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={all}
            onChange={(e) => setParams({ all: e.target.checked ? '1' : null, offset: null })}
          />{' '}
          with attachments and archive entries
        </label>
      </form>
      {list.loading ? <Loading what="documents" /> : null}
      <ErrorBox error={list.error} />
      {list.data ? (
        <>
          <p className="muted">{fmt(list.data.total)} document(s)</p>
          <table className="table" data-testid="document-list">
            <thead>
              <tr>
                <th>Title</th>
                <th>File</th>
                <th>Type</th>
                <th>Pages</th>
                <th>Language</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.id} data-status={d.status}>
                  <td>
                    <a href={href('documents', { id: d.id })}>{d.title}</a>
                  </td>
                  <td>{d.file_name}</td>
                  <td>{d.mime.split('/').pop()?.split('.').pop()}</td>
                  <td>{d.pages}</td>
                  <td>{d.language ?? ''}</td>
                  <td title={d.errors.map((e) => `${e.stage}: ${e.message}`).join('\n')}>
                    {d.status}
                    {d.errors.length ? ` (${d.errors.map((e) => e.stage).join(', ')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.total > offset + PAGE || offset > 0 ? (
            <p>
              <button
                disabled={offset === 0}
                onClick={() => setParams({ offset: Math.max(0, offset - PAGE) })}
              >
                Previous
              </button>{' '}
              <button
                disabled={list.data.total <= offset + PAGE}
                onClick={() => setParams({ offset: offset + PAGE })}
              >
                Next
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
