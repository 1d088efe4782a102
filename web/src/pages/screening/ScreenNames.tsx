import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Schemas } from '../../api.ts';
import { num, TableHead } from '../../components/TableHead.tsx';
import { ErrorBox, fmt, useApp } from '../../lib.tsx';
import { DecideButtons, FeatureList, ListLabel, type Decision } from './Features.tsx';
import { parseNames, type NameIn } from './names.ts';

type Result = Schemas['ListedScreenResult'];

const SCHEMAS = ['LegalEntity', 'Person', 'Company', 'Organization'];

/** Paste or upload names, see their hits with the engine's features and the list's name and date, decide them. */
export function ScreenNames(): ReactNode {
  const { caseRef, canWrite } = useApp();
  const [text, setText] = useState('');
  const [schema, setSchema] = useState('LegalEntity');
  const [names, setNames] = useState<NameIn[]>([]);
  const [results, setResults] = useState<Result[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [decided, setDecided] = useState<Record<string, Decision>>({});

  const screen = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseNames(text, schema === 'LegalEntity' ? null : schema);
    if (parsed.length === 0) {
      setError(
        new ApiError({ code: 'CP_EMPTY_INPUT', status: 400, message: 'no names to screen' }),
      );
      return;
    }
    setBusy(true);
    setError(null);
    setNames(parsed);
    api
      .post('/api/cases/{caseId}/screen', { caseId: caseRef.id }, { names: parsed })
      .then((r) => setResults(('items' in r ? r.items : []) as Result[]))
      .catch((err: unknown) => setError(err as ApiError))
      .finally(() => setBusy(false));
  };

  const upload = (file: File | undefined) => {
    if (file) void file.text().then(setText);
  };

  const decide = (n: NameIn, hit: Schemas['ListedHit'], decision: Decision) => {
    const key = `${n.id}\u0000${hit.entity_id}`;
    api
      .post(
        '/api/cases/{caseId}/screening/decisions',
        { caseId: caseRef.id },
        { query: n, list: hit.list_id ?? hit.list ?? '', entity_id: hit.entity_id, decision },
      )
      .then(() => setDecided((d) => ({ ...d, [key]: decision })))
      .catch((err: unknown) => setError(err as ApiError));
  };

  const byId = new Map(names.map((n) => [n.id, n]));
  return (
    <div className="card" data-testid="screen-names">
      <h2>Screen names</h2>
      <form onSubmit={screen} aria-label="Screen names">
        <label>
          Names (one a line, or a CSV with a header: id,name,schema,country,birth_date)
          <textarea
            rows={6}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="names-input"
          />
        </label>
        <label>
          Or upload a file
          <input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            onChange={(e) => upload(e.target.files?.[0])}
          />
        </label>
        <label>
          Schema of pasted names
          <select value={schema} onChange={(e) => setSchema(e.target.value)}>
            {SCHEMAS.map((s) => (
              <option key={s} value={s}>
                {s === 'LegalEntity' ? 'any' : s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy} data-testid="screen-submit">
          {busy ? 'Screening…' : 'Screen'}
        </button>
      </form>
      <ErrorBox error={error} />
      {results ? (
        <div className="table-wrap" data-testid="screen-results">
          <p className="muted">
            {results.filter((r) => r.hits.length).length} of {results.length} name(s) with hits.
          </p>
          <table className="data">
            <TableHead columns={['Name', 'Hit', num('Score'), 'List', 'Why', 'Decision']} />
            <tbody>
              {results.flatMap((r) =>
                r.hits.length === 0
                  ? [
                      <tr key={r.id} data-name={r.id}>
                        <td>{r.name}</td>
                        <td colSpan={5} className="muted">
                          no hit
                        </td>
                      </tr>,
                    ]
                  : r.hits.map((h) => {
                      const key = `${r.id}\u0000${h.entity_id}`;
                      const n = byId.get(r.id);
                      return (
                        <tr key={key} data-name={r.id} data-hit={h.entity_id}>
                          <td>{r.name}</td>
                          <td>
                            {h.name} <span className="small muted">{h.entity_id}</span>
                          </td>
                          <td className="num">{fmt(h.score, 2)}</td>
                          <td>
                            <ListLabel
                              name={h.list}
                              title={h.list_title}
                              issuer={h.list_issuer}
                              published={h.list_published}
                            />
                          </td>
                          <td>
                            <FeatureList features={h.features} />
                          </td>
                          <td>
                            {decided[key] ? (
                              <span data-testid="decided">{decided[key].replace('_', ' ')}</span>
                            ) : canWrite && n ? (
                              <DecideButtons
                                label={`${r.name} ~ ${h.name}`}
                                busy={false}
                                onDecide={(d) => decide(n, h, d)}
                              />
                            ) : null}
                          </td>
                        </tr>
                      );
                    }),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
