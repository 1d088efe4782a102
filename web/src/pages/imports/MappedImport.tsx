import { useState, type ReactNode } from 'react';
import { api, type ApiError, type ApiResponse } from '../../api.ts';
import { ErrorBox, fmt, useApp } from '../../lib.tsx';

type Result = ApiResponse<'/api/cases/{caseId}/imports/mapped', 'post'>;

/**
 * `import mapped` in the web app (issue 21, item 6): a mapping file (YAML or JSON) and a CSV
 * or XLSX of any layout, imported all or nothing; a refusal names file, line and field.
 */
export function MappedImport(): ReactNode {
  const { caseRef } = useApp();
  const [mapping, setMapping] = useState<File | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const send = () => {
    if (!mapping || !file) return;
    const form = new FormData();
    form.append('mapping', mapping, mapping.name);
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    setResult(null);
    api
      .post('/api/cases/{caseId}/imports/mapped', { caseId: caseRef.id }, form)
      .then(setResult)
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setBusy(false));
  };

  return (
    <div className="card" data-testid="mapped-import">
      <h2>A spreadsheet of its own layout, through a mapping</h2>
      <form
        className="filters"
        aria-label="Import through a mapping"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label>
          Mapping (YAML or JSON)
          <input
            type="file"
            accept=".yml,.yaml,.json"
            onChange={(e) => setMapping(e.target.files?.[0] ?? null)}
            data-testid="mapped-mapping"
          />
        </label>
        <label>
          File (CSV or XLSX)
          <input
            type="file"
            accept=".csv,.xlsx"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="mapped-file"
          />
        </label>
        <button type="submit" disabled={!mapping || !file || busy} data-testid="mapped-send">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      <ErrorBox error={error} />
      {result ? (
        <p className="ok" role="status" data-testid="mapped-result">
          Imported {fmt(result.entities)} entities, {fmt(result.orders)} orders and{' '}
          {fmt(result.incidents)} incidents from {fmt(result.rows)} rows of {result.file}.
        </p>
      ) : null}
    </div>
  );
}
