import { useEffect, useState, type ReactNode } from 'react';
import { IncidentDetail, casualtiesLine, placeLine } from '../../components/Incident.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { attributionWording, fmt, Missing, text, useCaseApi } from '../../lib.tsx';
import { setParams } from '../../router.ts';
import { filtersOf, IncidentFilters, queryOf, FILTER_KEYS } from './IncidentFilters.tsx';

const PAGE = 50;

/**
 * The case's incidents, filtered and a page at a time, beside the one chosen. Pages go by
 * keyset cursor (the API's `next_cursor`): `cursors` holds the cursor of each page shown
 * so far, so Previous goes back one and Next costs the same on page 1 and page 10 000.
 * The total is the API's: exact, or "1 000+" when it stopped counting.
 */
export function IncidentTable({ params }: { params: URLSearchParams }): ReactNode {
  const filters = filtersOf(params);
  const filterKey = JSON.stringify(filters);
  const [cursors, setCursors] = useState<string[]>([]);
  // New filters (applied here, or from a link or the back button) start at page 1.
  useEffect(() => setCursors([]), [filterKey]);
  const selected = params.get('incident');
  const setSelected = (id: string) => setParams({ incident: id }, { replace: true });
  const cursor = cursors[cursors.length - 1];
  const list = useCaseApi('incidents', { ...queryOf(filters), limit: PAGE, cursor });
  const offset = cursors.length * PAGE;
  const narrowed = FILTER_KEYS.some((k) => k !== 'from' && k !== 'to' && filters[k] !== '');
  return (
    <>
      <IncidentFilters
        value={filters}
        onApply={(f) => setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k] || null])))}
      />
      <div className="split">
        <div className="card">
          <Missing loaded={list} what="incidents" />
          {list.data ? (
            <>
              <ExportMenu
                kind="incidents"
                label={narrowed ? 'Export this page' : 'Export the period'}
                query={{
                  from: filters.from || undefined,
                  to: filters.to || undefined,
                  // The export route filters by period and ids: other filters go as the ids shown.
                  ids: narrowed ? list.data.items.map((i) => i.id).join(',') : undefined,
                }}
              />
              <p className="muted" data-testid="incident-total">
                {fmt(list.data.total)}
                {list.data.total_exact ? '' : '+'} incidents · showing{' '}
                {list.data.items.length ? offset + 1 : 0}–{offset + list.data.items.length}
              </p>
              <div className="table-wrap">
                <table className="data" data-testid="incident-table">
                  <TableHead
                    columns={['Date', 'Type', 'Place', 'Casualties', 'Attribution', 'Sources']}
                  />
                  <tbody>
                    {list.data.items.map((i) => (
                      <tr key={i.id} className={i.id === selected ? 'selected' : ''}>
                        <td className="nowrap">
                          <button
                            className="link"
                            onClick={() => setSelected(i.id)}
                            aria-label={`Incident ${i.id} on ${i.date ?? 'unknown date'}`}
                          >
                            {i.date ?? '—'}
                          </button>
                        </td>
                        <td className="nowrap">{text(i.attack_type)}</td>
                        <td>{placeLine(i)}</td>
                        <td>{casualtiesLine(i)}</td>
                        <td>{attributionWording(i.attribution, i.perpetrator)}</td>
                        <td>{i.sources.map((s) => s.name).join('; ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="filters" style={{ marginTop: '0.5rem' }}>
                <button
                  className="secondary"
                  disabled={cursors.length === 0}
                  onClick={() => setCursors(cursors.slice(0, -1))}
                >
                  Previous
                </button>
                <button
                  className="secondary"
                  disabled={!list.data.next_cursor}
                  onClick={() => {
                    const next = list.data?.next_cursor;
                    if (next) setCursors([...cursors, next]);
                  }}
                >
                  Next
                </button>
              </div>
            </>
          ) : null}
        </div>
        <aside className="side" aria-label="Incident">
          {selected ? (
            <IncidentDetail id={selected} />
          ) : (
            <p className="muted">Choose an incident for its sources.</p>
          )}
        </aside>
      </div>
    </>
  );
}
