import { useEffect, useState, type ReactNode } from 'react';
import { ExtractionReview } from './incidents/ExtractionReview.tsx';
import { IncidentTable } from './incidents/IncidentTable.tsx';

export default function IncidentsPage({ params }: { params: URLSearchParams }): ReactNode {
  const wanted = params.get('tab') === 'extract' ? 'extract' : 'table';
  const [tab, setTab] = useState<'table' | 'extract'>(wanted);
  // A link to the other tab (same page, new hash) switches it.
  useEffect(() => setTab(wanted), [wanted]);
  return (
    <section>
      <div className="page-head">
        <h1>Incidents</h1>
        <div role="tablist" aria-label="Incidents views" className="filters" style={{ margin: 0 }}>
          <button
            role="tab"
            aria-selected={tab === 'table'}
            className={tab === 'table' ? '' : 'secondary'}
            onClick={() => setTab('table')}
          >
            Table
          </button>
          <button
            role="tab"
            aria-selected={tab === 'extract'}
            className={tab === 'extract' ? '' : 'secondary'}
            onClick={() => setTab('extract')}
            data-testid="tab-extract"
          >
            Extraction review
          </button>
        </div>
      </div>
      {tab === 'table' ? <IncidentTable initial={params.get('incident')} /> : <ExtractionReview />}
    </section>
  );
}
