import { useState, type ReactNode } from 'react';
import { IncidentDetail, type Incident } from '../../components/Incident.tsx';
import { ErrorBox, fmt, Loading, Sources, text, useCaseApi } from '../../lib.tsx';
import type { Point, Unplaced } from './points.ts';
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

/** How many incidents the list shows at first, and more at each "Show more". */
const LIST_STEP = 50;

/**
 * Beside the map: the selected record, else the records of a cluster that cannot be
 * split, the incidents in the map's view (all of them, a page at a time, following the
 * view as it moves), and what the map cannot place, each with the reason.
 */
export function MapSide({
  selected,
  onSelect,
  clusterList,
  inView,
  notPlaced,
  unplaced,
}: {
  selected: Selected;
  onSelect: (s: Selected) => void;
  clusterList: Point[] | null;
  /** The incidents of the period whose point is in the map's view. */
  inView: Incident[];
  /** The incidents of the period with no coordinates. */
  notPlaced: Incident[];
  unplaced: Unplaced[];
}): ReactNode {
  const [shown, setShown] = useState(LIST_STEP);
  const item = (i: Incident) => ({
    key: i.id,
    label: (
      <>
        {i.date ?? 'undated'} {text(i.attack_type)} {i.place ?? i.admin1 ?? ''}
      </>
    ),
    selected: { kind: 'incident' as const, id: i.id },
  });
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
          <h3 data-testid="in-view-count">
            {fmt(inView.length)} incident{inView.length === 1 ? '' : 's'} in view
          </h3>
          <div data-testid="in-view">
            <RecordList records={inView.slice(0, shown).map(item)} onSelect={onSelect} />
          </div>
          {inView.length > shown ? (
            <button className="secondary" onClick={() => setShown(shown + LIST_STEP)}>
              Show {fmt(Math.min(LIST_STEP, inView.length - shown))} more
            </button>
          ) : null}
          {notPlaced.length ? (
            <details>
              <summary>
                {fmt(notPlaced.length)} incident{notPlaced.length === 1 ? '' : 's'} of the period
                not on the map (no coordinates)
              </summary>
              <RecordList records={notPlaced.slice(0, 200).map(item)} onSelect={onSelect} />
            </details>
          ) : null}
          {unplaced.length ? (
            <div data-testid="unplaced-seizures">
              <h3>Seizures not on the map</h3>
              <ul className="plain-list">
                {unplaced.map((u) => (
                  <li key={u.id}>
                    <button
                      className="link"
                      onClick={() => onSelect({ kind: 'seizure', id: u.id })}
                    >
                      {u.id}
                    </button>
                    : {u.why}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <button className="secondary" onClick={() => onSelect(null)}>
          Back to list
        </button>
      )}
    </aside>
  );
}
