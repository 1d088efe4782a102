import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, type ApiError, type Schemas } from '../api.ts';
import { ErrorBox, fmt, useApp } from '../lib.tsx';
import { MappedImport } from './imports/MappedImport.tsx';

// The import kinds of DESIGN.md's `chokepoint import`.
const KINDS = [
  'incidents',
  'acled',
  'gtd',
  'bulletin',
  'ftm',
  'seizures',
  'baseline',
  'orders',
  'sources',
  'sanctions',
];

type ImportJob = Schemas['ImportJob'];

export default function ImportsPage(): ReactNode {
  const { caseRef, canWrite } = useApp();
  const [kind, setKind] = useState('incidents');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [uploading, setUploading] = useState(false);
  const timer = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (timer.current) window.clearTimeout(timer.current);
    },
    [],
  );

  const poll = (id: string) => {
    api
      .get('/api/cases/{caseId}/imports/{id}', { caseId: caseRef.id, id })
      .then((j) => {
        setJob(j);
        if (j.status === 'running') timer.current = window.setTimeout(() => poll(id), 400);
      })
      .catch((e: unknown) => setError(e as ApiError));
  };

  const upload = () => {
    if (!file) return;
    setError(null);
    setJob(null);
    setUploading(true);
    const form = new FormData();
    form.append('file', file, file.name);
    api
      .post('/api/cases/{caseId}/imports', { caseId: caseRef.id, kind }, form)
      .then((r) => poll(r.id))
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setUploading(false));
  };

  if (!canWrite)
    return (
      <section>
        <h1>Imports</h1>
        <p className="muted">
          Your role in this case ({caseRef.role}) is read-only: importing needs an analyst.
        </p>
      </section>
    );

  const pct = job && job.total ? Math.round((100 * job.done) / job.total) : null;
  return (
    <section>
      <h1>Imports</h1>
      <div className="card">
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            upload();
          }}
          aria-label="Upload a file"
        >
          <label>
            Kind
            <select
              value={kind}
              onChange={(e) => setKind(e.target.value)}
              name="kind"
              data-testid="import-kind"
            >
              {KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label>
            File
            <input
              type="file"
              name="file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
          </label>
          <button type="submit" disabled={!file || uploading} data-testid="import-upload">
            {uploading ? 'Uploading…' : 'Import'}
          </button>
        </form>
        <p className="muted">
          Each file is all-or-nothing: a refused row leaves the case as it was.
        </p>
        <ErrorBox error={error} />
        {job ? (
          <div data-testid="import-job" data-status={job.status}>
            <p>
              {job.kind} · {job.file} · <strong>{job.status}</strong> · {fmt(job.done)}
              {job.total ? ` of ${fmt(job.total)}` : ''} rows
            </p>
            {job.status === 'refused' ? null : (
              <progress
                className="progress"
                max={job.total ?? (job.status === 'done' ? 1 : undefined)}
                value={job.status === 'done' ? (job.total ?? 1) : job.total ? job.done : undefined}
                aria-label="Import progress"
              >
                {pct !== null ? `${pct} %` : ''}
              </progress>
            )}
            {job.status === 'refused' && job.error ? (
              <div className="error" role="alert" data-testid="import-refused">
                <strong>Refused</strong>: {job.error.message}
                <dl className="fields">
                  {job.error.file ? (
                    <>
                      <dt>File</dt>
                      <dd>{job.error.file}</dd>
                    </>
                  ) : null}
                  {job.error.line !== undefined ? (
                    <>
                      <dt>Line</dt>
                      <dd data-testid="refused-line">{job.error.line}</dd>
                    </>
                  ) : null}
                  {job.error.field ? (
                    <>
                      <dt>Field</dt>
                      <dd data-testid="refused-field">{job.error.field}</dd>
                    </>
                  ) : null}
                  {job.error.expected ? (
                    <>
                      <dt>Expected</dt>
                      <dd>{job.error.expected}</dd>
                    </>
                  ) : null}
                  <dt>Code</dt>
                  <dd>{job.error.code}</dd>
                </dl>
              </div>
            ) : null}
            {job.status === 'done' ? (
              <p className="ok" role="status">
                Imported {fmt(job.done)} rows.
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <MappedImport />
    </section>
  );
}
