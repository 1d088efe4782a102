import type { ReactNode } from 'react';
import { useApp } from '../lib.tsx';

const FORMATS = [
  { format: 'html', label: 'HTML' },
  { format: 'pdf', label: 'PDF' },
  { format: 'md', label: 'Markdown' },
] as const;

/** The dossier of an entity, seizure or order: opened as HTML, downloaded as PDF or Markdown. */
export function DossierLinks({
  kind,
  id,
}: {
  kind: 'entity' | 'seizure' | 'order';
  id: string;
}): ReactNode {
  const { caseRef } = useApp();
  const base = `/api/cases/${encodeURIComponent(caseRef.id)}/reports/${kind}/${encodeURIComponent(id)}`;
  return (
    <span className="dossier-links" data-testid="dossier-links">
      Dossier:{' '}
      {FORMATS.map((f, i) => (
        <span key={f.format}>
          {i ? ' · ' : ''}
          <a
            href={`${base}?format=${f.format}`}
            target={f.format === 'html' ? '_blank' : undefined}
            rel="noreferrer"
            download={f.format === 'html' ? undefined : ''}
          >
            {f.label}
          </a>
        </span>
      ))}
    </span>
  );
}
