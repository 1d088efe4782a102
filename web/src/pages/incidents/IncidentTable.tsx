import { useState, type ReactNode } from 'react';
import { IncidentDetail, casualtiesLine, placeLine } from '../../components/Incident.tsx';
import { Pager } from '../../components/Pager.tsx';
import { TableHead } from '../../components/TableHead.tsx';
import { attributionWording, fmt, Missing, text, useCaseApi } from '../../lib.tsx';
import { EMPTY, IncidentFilters, type Filters } from './IncidentFilters.tsx';

const PAGE = 50;

/** The case's incidents, filtered and a page at a time, beside the one chosen. */
export function IncidentTable({ initial }: { initial: string | null }): ReactNode {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(initial);
  const list = useCaseApi('incidents', { ...filters, limit: PAGE, offset });
  return (
    <>
      <IncidentFilters
        onApply={(f) => {
          setOffset(0);
          setFilters(f);
        }}
      />
      <div className="split">
        <div className="card">
          <Missing loaded={list} what="incidents" />
          {list.data ? (
            <>
              <p className="muted" data-testid="incident-total">
                {fmt(list.data.total)} incidents · showing {list.data.total ? offset + 1 : 0}–
                {offset + list.data.items.length}
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
              <Pager offset={offset} size={PAGE} total={list.data.total} onOffset={setOffset} />
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
