// Download what a page shows: one export route (`GET …/export/{kind}`), in each format the
// kind is written in, with the page's current filters in the query so the file holds what
// the analyst is looking at. Mounted on the tables, maps and graphs of the app.
import { useId, type ReactNode } from 'react';
import { qs, type Query } from '../api.ts';
import { useApp } from '../lib.tsx';

const FORMAT_LABELS: Record<string, string> = {
  csv: 'CSV',
  jsonl: 'JSON lines',
  geojson: 'GeoJSON',
  ftm: 'FollowTheMoney',
  graphml: 'GraphML',
  gexf: 'GEXF',
};

/** The export kinds and their formats, as `GET …/export/{kind}` writes them (src/app/exports.ts). */
export const EXPORT_KINDS: Record<string, readonly string[]> = {
  incidents: ['csv', 'geojson', 'jsonl'],
  seizures: ['csv', 'geojson', 'jsonl'],
  orders: ['csv', 'jsonl'],
  ftm: ['ftm'],
  network: ['graphml', 'gexf'],
  timeline: ['csv', 'jsonl'],
  baseline: ['csv', 'jsonl'],
  sources: ['jsonl'],
};

/** The address of an export with the filters given. */
export function exportHref(
  caseId: string,
  kind: string,
  format: string,
  query: Query = {},
): string {
  return `/api/cases/${encodeURIComponent(caseId)}/export/${encodeURIComponent(kind)}${qs({ ...query, format })}`;
}

export function ExportMenu({
  kind,
  label = 'Export',
  query = {},
  formats,
}: {
  kind: string;
  label?: string;
  /** The page's current filters, passed to the export as they are. */
  query?: Query;
  formats?: readonly string[];
}): ReactNode {
  const { caseRef } = useApp();
  const id = useId();
  const list = formats ?? EXPORT_KINDS[kind] ?? ['jsonl'];
  const filtered = Object.values(query).some((v) => v !== undefined && v !== null && v !== '');
  return (
    <details className="export-menu" data-testid={`export-${kind}`}>
      <summary aria-describedby={filtered ? id : undefined}>{label}</summary>
      <ul>
        {list.map((f) => (
          <li key={f}>
            <a href={exportHref(caseRef.id, kind, f, query)} download data-format={f}>
              {FORMAT_LABELS[f] ?? f}
            </a>
          </li>
        ))}
      </ul>
      {filtered ? (
        <span id={id} className="muted small">
          with the current filters
        </span>
      ) : null}
    </details>
  );
}
