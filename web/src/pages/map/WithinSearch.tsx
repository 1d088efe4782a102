import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError, CaseResponse } from '../../api.ts';
import { incidentLine } from '../../components/Incident.tsx';
import { ErrorBox, fmt, Loading } from '../../lib.tsx';
import type { ProvinceProps } from './provinceAreas.ts';
import type { Selected } from './usePointLayer.ts';

/** The most incidents a search lists (the route's `limit`): the newest ones. */
export const WITHIN_LIMIT = 500;

type Found = CaseResponse<'incidents/within'>;

/**
 * "Incidents within a province": a province (chosen from the map's areas, typed in any
 * spelling of the gazetteer, or picked on the map); the search lives in the URL
 * (`within=SY.07`, or the name as typed), so a link reopens it. The list is the route's
 * answer, newest first, over the whole case (whatever the period and the map's filters);
 * each incident opens as a point on the map does.
 */
export function WithinSearch({
  within,
  found,
  loading,
  error,
  choices,
  picking,
  onPicking,
  picked,
  onSearch,
  onClear,
  onSelect,
}: {
  /** The search in the URL (as typed: the API resolves it). */
  within: string | null;
  found: Found | null;
  loading: boolean;
  error: ApiError | null;
  /** The provinces the map has areas for (the picker's list). */
  choices: ProvinceProps[];
  picking: boolean;
  onPicking: (on: boolean) => void;
  /** What the last click on the map picked (a new object each pick; `province` null off the areas). */
  picked: { province: ProvinceProps | null } | null;
  onSearch: (province: string) => void;
  onClear: () => void;
  onSelect: (s: Selected) => void;
}): ReactNode {
  const id = useId();
  const headingId = `${id}-heading`;
  const [value, setValue] = useState(within ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const input = useRef<HTMLInputElement | null>(null);
  // The box follows the URL's search (a link, the back button).
  useEffect(() => {
    if (within !== null) setValue(within);
    setProblem(null);
  }, [within]);
  useEffect(() => {
    if (!picked) return;
    if (picked.province) {
      const p = picked.province;
      setValue(p.code);
      setProblem(null);
      setNote(`Picked ${p.name} (${p.code}, ${p.country_code}); Search lists its incidents.`);
    } else setNote('No province area there: the areas cover the gazetteer’s countries only.');
  }, [picked]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) {
      setProblem('Name a province: its name (any spelling) or its code, such as SY.07.');
      input.current?.focus();
      return;
    }
    setProblem(null);
    setNote('');
    onPicking(false);
    onSearch(v);
  };

  const hits = found?.items ?? null;
  const count = hits?.length ?? 0;
  const p = found?.province;
  return (
    <section className="side within" aria-labelledby={headingId} data-testid="within">
      <h2 id={headingId}>Incidents within a province</h2>
      <form role="search" aria-labelledby={headingId} noValidate onSubmit={submit}>
        <div className="filters">
          <div>
            <label htmlFor={`${id}-input`}>
              Province (name or code)
              <input
                id={`${id}-input`}
                ref={input}
                type="text"
                list={`${id}-choices`}
                autoComplete="off"
                size={22}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={problem ? true : undefined}
                aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
                data-testid="within-province"
              />
            </label>
            <datalist id={`${id}-choices`} data-testid="within-choices">
              {choices.map((c) => (
                <option key={c.code} value={c.code} data-country={c.country_code}>
                  {`${c.name} · ${c.country_code}`}
                </option>
              ))}
            </datalist>
            {problem ? (
              <p id={`${id}-error`} className="error" data-testid="within-error">
                {problem}
              </p>
            ) : null}
          </div>
        </div>
        <p id={`${id}-hint`} className="muted">
          Type a name in any spelling, or an admin-1 code (SY.07); the list suggests the provinces
          the map has areas for.
        </p>
        <div className="filters">
          <button
            type="button"
            className="secondary"
            aria-pressed={picking}
            onClick={() => onPicking(!picking)}
            data-testid="within-pick"
          >
            Pick province on map
          </button>
          <button type="submit" data-testid="within-search">
            Search
          </button>
          {within ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                onPicking(false);
                setProblem(null);
                setNote('');
                setValue('');
                onClear();
              }}
              data-testid="within-clear"
            >
              Clear
            </button>
          ) : null}
        </div>
        <p className="muted" role="status" data-testid="within-pick-status">
          {picking ? 'Click the map to choose the province under it (Escape cancels).' : note}
        </p>
      </form>
      {within ? <ErrorBox error={error} /> : null}
      {within && loading ? <Loading what="incidents within the province" /> : null}
      {within && p && hits ? (
        <>
          <h3 data-testid="within-count">
            {fmt(count)} incident{count === 1 ? '' : 's'} within {p.name} ({p.code},{' '}
            {p.country_code})
          </h3>
          <p className="muted" data-testid="within-caveat">
            Newest first, over the whole case (whatever the period and filters above)
            {count >= WITHIN_LIMIT ? `; the newest ${fmt(WITHIN_LIMIT)} only` : ''}. The area,
            shaded and outlined on the map with the incidents ringed, is approximate: it is derived
            from the gazetteer’s places (each cell of a grid of about 25 km goes to the province of
            its nearest place), not an official boundary. An incident counts where its point lies,
            not by the province written in its admin-1 field; incidents with no coordinates are not
            counted.
          </p>
          <ol className="plain-list" data-testid="within-results">
            {hits.map((i) => (
              <li key={i.id} data-id={i.id}>
                <button className="link" onClick={() => onSelect({ kind: 'incident', id: i.id })}>
                  {incidentLine(i)}
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
