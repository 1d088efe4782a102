import type { ReactNode } from 'react';
import { IncidentDetail, type Incident } from '../../components/Incident.tsx';
import { ErrorBox, fmt, Loading, Sources, text, useCaseApi } from '../../lib.tsx';
import type { Point } from './points.ts';
import type { Selected } from './usePointLayer.ts';

function SeizureDetail({ id }: { id: string }): ReactNode {
  const loaded = useCaseApi('seizures/{id}', { id });
  const s = loaded.data;
  if (!s) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading what="seizure" />;
  return (
    <div className="detail" data-testid="seizure-detail">
      <h2>Seizure {s.id}</h2>
      <p>
        {s.seizure_date ?? 'undated'} · {s.place ?? ''} {s.country ?? ''} · seized by{' '}
        {s.seized_by ?? 'unknown'}
      </p>
      <p>{fmt(s.items.length)} items documented.</p>
      <Sources items={s.evidence} label="Evidence" />
    </div>
  );
}

/** A list of records, each a button that selects it. */
function RecordList({
  records,
  onSelect,
}: {
  records: { key: string; label: ReactNode; selected: NonNullable<Selected> }[];
  onSelect: (s: Selected) => void;
}): ReactNode {
  return (
    <ul className="plain-list">
      {records.map((r) => (
        <li key={r.key}>
          <button className="link" onClick={() => onSelect(r.selected)}>
            {r.label}
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Beside the map: the selected record, else the records of a cluster that cannot be
 * split and the first incidents in view.
 */
export function MapSide({
  selected,
  onSelect,
  clusterList,
  visible,
}: {
  selected: Selected;
  onSelect: (s: Selected) => void;
  clusterList: Point[] | null;
  visible: Incident[];
}): ReactNode {
  return (
    <aside className="side" aria-label="Selected record">
      {selected?.kind === 'incident' ? <IncidentDetail id={selected.id} /> : null}
      {selected?.kind === 'seizure' ? <SeizureDetail id={selected.id} /> : null}
      {!selected && clusterList ? (
        <>
          <h3>{clusterList.length} records at this spot</h3>
          <RecordList
            records={clusterList.map((p) => ({
              key: `${p.kind}:${p.id}`,
              label: p.label,
              selected: { kind: p.kind, id: p.id },
            }))}
            onSelect={onSelect}
          />
        </>
      ) : null}
      {!selected ? (
        <>
          <p className="muted">Click a point for the record and its sources.</p>
          <h3>Incidents in view</h3>
          <RecordList
            records={visible.slice(0, 30).map((i) => ({
              key: i.id,
              label: (
                <>
                  {i.date} {text(i.attack_type)} {i.place ?? i.admin1 ?? ''}
                </>
              ),
              selected: { kind: 'incident', id: i.id },
            }))}
            onSelect={onSelect}
          />
        </>
      ) : (
        <button className="secondary" onClick={() => onSelect(null)}>
          Back to list
        </button>
      )}
    </aside>
  );
}
