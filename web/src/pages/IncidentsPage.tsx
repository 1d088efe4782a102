import type { ReactNode } from 'react';
import { setParams } from '../router.ts';
import { ExtractionReview } from './incidents/ExtractionReview.tsx';
import { IncidentTable } from './incidents/IncidentTable.tsx';

/** The incidents table (its filters in the URL) and the extraction review, one tab each. */
export default function IncidentsPage({ params }: { params: URLSearchParams }): ReactNode {
  const tab = params.get('tab') === 'extract' ? 'extract' : 'table';
  return (
    <section>
      <div className="page-head">
        <h1>Incidents</h1>
        <div role="tablist" aria-label="Incidents views" className="filters" style={{ margin: 0 }}>
          <button
            role="tab"
            aria-selected={tab === 'table'}
            className={tab === 'table' ? '' : 'secondary'}
            onClick={() => setParams({ tab: null })}
          >
            Table
          </button>
          <button
            role="tab"
            aria-selected={tab === 'extract'}
            className={tab === 'extract' ? '' : 'secondary'}
            onClick={() => setParams({ tab: 'extract' })}
            data-testid="tab-extract"
          >
            Extraction review
          </button>
        </div>
      </div>
      {tab === 'table' ? <IncidentTable params={params} /> : <ExtractionReview />}
    </section>
  );
}
