import type { ReactNode } from 'react';
import type { Incident } from '../../components/Incident.tsx';
import { ATTACK_TYPES, ATTRIBUTIONS } from '../../components/attackTypes.ts';
import { text } from '../../lib.tsx';

const EDITABLE: {
  key: keyof Incident;
  label: string;
  type?: 'number' | 'date' | 'select';
  options?: string[];
}[] = [
  { key: 'date', label: 'Date', type: 'date' },
  { key: 'place', label: 'Place' },
  { key: 'admin1', label: 'Admin-1' },
  { key: 'country', label: 'Country' },
  { key: 'attack_type', label: 'Type', type: 'select', options: ATTACK_TYPES },
  { key: 'perpetrator', label: 'Perpetrator' },
  { key: 'attribution', label: 'Attribution', type: 'select', options: ATTRIBUTIONS },
  { key: 'target', label: 'Target' },
  { key: 'killed', label: 'Killed', type: 'number' },
  { key: 'wounded', label: 'Wounded', type: 'number' },
  { key: 'casualties_total', label: 'Killed or wounded', type: 'number' },
];

/** An extracted incident under review: kept or not, each field editable before it is saved. */
export function ExtractedIncident({
  incident: inc,
  n,
  keep,
  onKeep,
  onEdit,
  canWrite,
}: {
  incident: Incident;
  /** Its place in the extraction, from 0. */
  n: number;
  keep: boolean;
  onKeep: (keep: boolean) => void;
  onEdit: (key: string, value: string, type?: string) => void;
  canWrite: boolean;
}): ReactNode {
  return (
    <fieldset className="extracted" data-testid="extracted">
      <legend>
        <label style={{ flexDirection: 'row', gap: '0.3rem', color: 'inherit' }}>
          <input type="checkbox" checked={keep} onChange={(e) => onKeep(e.target.checked)} />
          Keep incident {n + 1}
        </label>
      </legend>
      {inc.text ? <p className="incident-text muted">{inc.text}</p> : null}
      <div className="grid">
        {EDITABLE.map((f) => (
          <label key={f.key}>
            {f.label}
            {f.type === 'select' ? (
              <select
                value={text(inc[f.key])}
                onChange={(e) => onEdit(f.key, e.target.value)}
                disabled={!canWrite}
              >
                <option value="">—</option>
                {f.options!.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input
                type={f.type ?? 'text'}
                value={text(inc[f.key])}
                onChange={(e) => onEdit(f.key, e.target.value, f.type)}
                readOnly={!canWrite}
                data-field={f.key}
              />
            )}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
