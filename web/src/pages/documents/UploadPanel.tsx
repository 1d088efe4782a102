import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, uploadWithProgress, type ApiError, type Schemas } from '../../api.ts';
import { ErrorBox, useApp } from '../../lib.tsx';
import { DOCUMENTS_CHANGED } from './slot.ts';

type Job = Schemas['Job'];

interface Upload {
  name: string;
  sent: number;
  size: number;
  job: Job | null;
  error: ApiError | null;
}

const FINISHED = ['succeeded', 'failed', 'cancelled'];

/**
 * Files sent one after the other, each with its bytes sent, then its ingest job followed to
 * the end: the stage it is in (extract, ocr, index), pages and errors counted.
 */
export function UploadPanel(): ReactNode {
  const { caseRef } = useApp();
  const [files, setFiles] = useState<File[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [busy, setBusy] = useState(false);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const update = (i: number, change: Partial<Upload>) =>
    live.current && setUploads((all) => all.map((u, j) => (j === i ? { ...u, ...change } : u)));

  const follow = async (i: number, jobId: string) => {
    for (;;) {
      const job = await api.get('/api/jobs/{id}', { id: jobId });
      update(i, { job });
      if (FINISHED.includes(job.state) || !live.current) return;
      await new Promise((r) => setTimeout(r, 400));
    }
  };

  const start = async () => {
    setBusy(true);
    setUploads(files.map((f) => ({ name: f.name, sent: 0, size: f.size, job: null, error: null })));
    for (const [i, f] of files.entries()) {
      const form = new FormData();
      form.append('file', f, f.name);
      try {
        const r = await uploadWithProgress(
          '/api/cases/{caseId}/documents',
          { caseId: caseRef.id },
          form,
          (sent, total) => update(i, { sent, size: total || f.size }),
        );
        await follow(i, r.job_id);
      } catch (e) {
        update(i, { error: e as ApiError });
      }
    }
    setBusy(false);
    // The list below reads the new documents.
    window.dispatchEvent(new Event(DOCUMENTS_CHANGED));
  };

  return (
    <div className="card" data-testid="document-upload">
      <form
        className="filters"
        aria-label="Upload documents"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          Files
          <input
            type="file"
            multiple
            name="file"
            data-testid="document-files"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
        </label>
        <button type="submit" disabled={files.length === 0 || busy} data-testid="document-send">
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      <p className="muted">
        PDF, scans and photos (OCR in English, Arabic, Turkish, French), Word, Excel, e-mail (.eml,
        .mbox), HTML, text and ZIP. The same file twice is one document.
      </p>
      {uploads.map((u, i) => (
        <UploadRow key={i} u={u} />
      ))}
    </div>
  );
}

function UploadRow({ u }: { u: Upload }): ReactNode {
  const job = u.job;
  const result = job?.state === 'succeeded' ? job : null;
  const sentPct = u.size ? Math.round((100 * u.sent) / u.size) : 0;
  return (
    <div className="upload-row" data-testid="upload-row" data-state={job?.state ?? 'uploading'}>
      <strong>{u.name}</strong>{' '}
      {job ? (
        <>
          · {job.state} · {job.progress.stage}
          {job.progress.total ? ` ${job.progress.done}/${job.progress.total}` : ''}
          <progress
            className="progress"
            max={job.progress.total || 1}
            value={FINISHED.includes(job.state) ? job.progress.total || 1 : job.progress.done}
            aria-label={`Ingest of ${u.name}`}
          />
          <span className="muted">
            {' '}
            {Object.entries(job.counts)
              .map(([k, v]) => `${k.replace('errors.', 'errors in ')}: ${v}`)
              .join(' · ')}
          </span>
          {result ? <span className="ok"> done</span> : null}
          {job.error ? <p className="error">{job.error.message}</p> : null}
        </>
      ) : (
        <progress
          className="progress"
          max={100}
          value={sentPct}
          aria-label={`Upload of ${u.name}`}
        />
      )}
      <ErrorBox error={u.error} />
    </div>
  );
}
