import { useState, type ReactNode } from 'react';
import { ATTACK_TYPES, ATTRIBUTIONS } from '../../components/attackTypes.ts';

export interface Filters {
  from: string;
  to: string;
  country: string;
  admin1: string;
  attack_type: string;
  attribution: string;
  perpetrator: string;
  source: string;
  q: string;
}
export const EMPTY: Filters = {
  from: '',
  to: '',
  country: '',
  admin1: '',
  attack_type: '',
  attribution: '',
  perpetrator: '',
  source: '',
  q: '',
};

/** The incident filters, edited as a draft and applied on submit (or reset to none). */
export function IncidentFilters({ onApply }: { onApply: (filters: Filters) => void }): ReactNode {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const field = (k: keyof Filters, label: string, type = 'text') => (
    <label>
      {label}
      <input
        type={type}
        value={draft[k]}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        name={k}
      />
    </label>
  );
  const choice = (k: keyof Filters, label: string, options: readonly string[]) => (
    <label>
      {label}
      <select
        value={draft[k]}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        name={k}
      >
        <option value="">any</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      className="filters card"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      {field('from', 'From', 'date')}
      {field('to', 'To', 'date')}
      {field('country', 'Country')}
      {field('admin1', 'Admin-1 (province)')}
      {choice('attack_type', 'Type', ATTACK_TYPES)}
      {choice('attribution', 'Attribution', ATTRIBUTIONS)}
      {field('perpetrator', 'Perpetrator')}
      {field('source', 'Source')}
      {field('q', 'Text')}
      <button type="submit">Filter</button>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setDraft(EMPTY);
          onApply(EMPTY);
        }}
      >
        Reset
      </button>
    </form>
  );
}
