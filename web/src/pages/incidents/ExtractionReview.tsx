import { useState, type ReactNode } from 'react';
import { api, type ApiError } from '../../api.ts';
import type { Incident } from '../../components/Incident.tsx';
import { DateInput, ErrorBox, isoDate, useApp } from '../../lib.tsx';
import { ExtractedIncident } from './ExtractedIncident.tsx';
import { SpanReview } from './SpanReview.tsx';

/** Text pasted in, the incidents the extractor finds in it, reviewed, then saved. */
export function ExtractionReview(): ReactNode {
  const { caseRef, canWrite } = useApp();
  const [input, setInput] = useState('');
  const [docDate, setDocDate] = useState(isoDate(new Date()));
  const [extracted, setExtracted] = useState<Incident[] | null>(null);
  const [sentText, setSentText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [keep, setKeep] = useState<boolean[]>([]);

  const run = () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    api
      .post(
        '/api/cases/{caseId}/extract',
        { caseId: caseRef.id },
        { text: input, doc_date: docDate },
      )
      .then((r) => {
        setSentText(input);
        setExtracted(r.incidents);
        setKeep(r.incidents.map(() => true));
      })
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setBusy(false));
  };
  const save = () => {
    if (!extracted) return;
    setBusy(true);
    setError(null);
    const incidents = extracted.filter((_, i) => keep[i]);
    api
      .post('/api/cases/{caseId}/incidents', { caseId: caseRef.id }, { incidents })
      .then((r) => setSaved(`Saved ${r.saved} incident(s).`))
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setBusy(false));
  };
  const update = (i: number, key: string, value: string, type?: string) => {
    if (!extracted) return;
    const next = [...extracted];
    const v: unknown = value === '' ? null : type === 'number' ? Number(value) : value;
    next[i] = { ...next[i]!, [key]: v };
    setExtracted(next);
  };
  return (
    <div className="card">
      <h2>Paste bulletin or news text</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label style={{ width: '100%' }}>
          Text
          <textarea
            value={input}
            onChange={(e) => setInput(e.target.value)}
            rows={8}
            style={{ width: '100%' }}
            data-testid="extract-input"
          />
        </label>
        <div className="filters" style={{ marginTop: '0.4rem' }}>
          <DateInput label="Document date" value={docDate} onChange={setDocDate} />
          <button type="submit" disabled={busy || !input.trim()} data-testid="extract-run">
            Extract
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {extracted ? (
        <>
          <h3>Fields found in the text</h3>
          <SpanReview source={sentText} incidents={extracted} />
          <h3>
            {extracted.length} extracted incident{extracted.length === 1 ? '' : 's'}: correct, then
            save
          </h3>
          {extracted.map((inc, i) => (
            <ExtractedIncident
              key={i}
              incident={inc}
              n={i}
              keep={keep[i] ?? true}
              onKeep={(checked) => setKeep(keep.map((k, j) => (j === i ? checked : k)))}
              onEdit={(key, value, type) => update(i, key, value, type)}
              canWrite={canWrite}
            />
          ))}
          {canWrite ? (
            <button
              onClick={save}
              disabled={busy || !keep.some(Boolean)}
              data-testid="extract-save"
            >
              Save reviewed incidents
            </button>
          ) : (
            <p className="muted">
              Your role in this case is read-only: you can extract but not save.
            </p>
          )}
          {saved ? (
            <p className="ok" role="status">
              {saved}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
