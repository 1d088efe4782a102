import { useEffect, useState, type ReactNode } from 'react';
import { ATTACK_TYPES, ATTRIBUTIONS } from '../../components/attackTypes.ts';
import { DateInput } from '../../lib.tsx';

/**
 * The incident filters as the URL holds them (`#/incidents?country=syria&admin1=…`): names
 * are compared by the API folded and in any spelling the gazetteer knows, so "syria",
 * "deir ez-zor" and "Dayr az Zawr" all find what was recorded as Syria / Deir ez-Zor.
 */
export const FILTER_KEYS = [
  'from',
  'to',
  'country',
  'admin1',
  'attack_type',
  'attribution',
  'perpetrator',
  'geo_precision',
  'source',
  'q',
] as const;
export type Filters = Record<(typeof FILTER_KEYS)[number], string>;

export const EMPTY: Filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])) as Filters;

/** The filters of a view's parameters (unknown or absent ones empty). */
export function filtersOf(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

/** The filters the API is asked with: the empty ones left out. */
export function queryOf(f: Filters): Partial<Filters> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')) as Partial<Filters>;
}

export const GEO_PRECISIONS: [string, string][] = [
  ['1', '1 · town (a point)'],
  ['2', '2 · area near a town'],
  ['3', '3 · region (province)'],
];

/** The incident filters, edited as a draft and applied on submit (or reset to none). */
export function IncidentFilters({
  value,
  onApply,
}: {
  value: Filters;
  onApply: (filters: Filters) => void;
}): ReactNode {
  const [draft, setDraft] = useState<Filters>(value);
  // A link or the back button changes the applied filters: the draft follows.
  useEffect(() => setDraft(value), [JSON.stringify(value)]);
  const set = (k: keyof Filters, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const field = (k: keyof Filters, label: string, placeholder?: string) => (
    <label>
      {label}
      <input
        type="text"
        value={draft[k]}
        placeholder={placeholder}
        onChange={(e) => set(k, e.target.value)}
        name={k}
      />
    </label>
  );
  const choice = (
    k: keyof Filters,
    label: string,
    options: readonly (string | [string, string])[],
  ) => (
    <label>
      {label}
      <select value={draft[k]} onChange={(e) => set(k, e.target.value)} name={k}>
        <option value="">any</option>
        {options.map((o) =>
          typeof o === 'string' ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o[0]} value={o[0]}>
              {o[1]}
            </option>
          ),
        )}
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
      <DateInput label="From" name="from" value={draft.from} onChange={(v) => set('from', v)} />
      <DateInput label="To" name="to" value={draft.to} onChange={(v) => set('to', v)} />
      {field('country', 'Country', 'e.g. syria or SY')}
      {field('admin1', 'Province (admin-1)', 'e.g. deir ezzor')}
      {choice('attack_type', 'Type', ATTACK_TYPES)}
      {choice('attribution', 'Attribution', ATTRIBUTIONS)}
      {field('perpetrator', 'Actor (perpetrator)')}
      {choice('geo_precision', 'Geo-precision', GEO_PRECISIONS)}
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
