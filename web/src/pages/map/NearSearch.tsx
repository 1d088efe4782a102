import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError, CaseResponse } from '../../api.ts';
import { incidentLine } from '../../components/Incident.tsx';
import { ErrorBox, fmt, Loading } from '../../lib.tsx';
import type { Selected } from './usePointLayer.ts';
import type { NearQuery } from './useNearLayer.ts';

/** The radius a new search starts with, km. */
export const NEAR_DEFAULT_KM = 50;
/** The most incidents a search lists (the route's `limit`): the nearest ones. */
export const NEAR_LIMIT = 100;

type Field = 'lat' | 'lon' | 'km';
type Hits = CaseResponse<'incidents/near'>['items'];

/** The form's own checks, as the route makes them, each in words; none when it is fine. */
export function checkNear(v: NearQuery): {
  errors: Partial<Record<Field, string>>;
  value: { lat: number; lon: number; km: number } | null;
} {
  const num = (s: string) => (s.trim() === '' ? NaN : Number(s.trim()));
  const lat = num(v.lat);
  const lon = num(v.lon);
  const km = num(v.km);
  const errors: Partial<Record<Field, string>> = {};
  if (!(Number.isFinite(lat) && lat >= -90 && lat <= 90))
    errors.lat = 'Latitude must be a number from -90 to 90 (degrees).';
  if (!(Number.isFinite(lon) && lon >= -180 && lon <= 180))
    errors.lon = 'Longitude must be a number from -180 to 180 (degrees).';
  if (!(Number.isFinite(km) && km > 0 && km <= 2000))
    errors.km = 'Radius must be more than 0 and at most 2000 km.';
  return { errors, value: Object.keys(errors).length ? null : { lat, lon, km } };
}

/** A distance in km with one decimal. */
export function kmText(km: number): string {
  return `${km.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`;
}

/** A labelled text box of the form, with its message when the value is wrong. */
function NumberField({
  label,
  name,
  value,
  error,
  inputRef,
  onChange,
}: {
  label: string;
  name: Field;
  value: string;
  error: string | undefined;
  inputRef: (el: HTMLInputElement | null) => void;
  onChange: (v: string) => void;
}): ReactNode {
  const id = useId();
  return (
    <div>
      <label htmlFor={`${id}-input`}>
        {label}
        <input
          id={`${id}-input`}
          ref={inputRef}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          size={9}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={`near-${name}`}
        />
      </label>
      {error ? (
        <p id={`${id}-error`} className="error" data-testid={`near-${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * "Incidents near a point": a point (typed, the map's centre, or picked on the map) and a
 * radius; the search lives in the URL (`near=lat,lon,km`), so a link reopens it. The list
 * is the route's answer, nearest first, over the whole case (whatever the period and the
 * map's filters); each incident opens as a point on the map does.
 */
export function NearSearch({
  near,
  hits,
  loading,
  error,
  picking,
  onPicking,
  mapCentre,
  picked,
  onSearch,
  onClear,
  onSelect,
}: {
  /** The search in the URL (unchecked: a hand-made link goes to the API as it is). */
  near: NearQuery | null;
  hits: Hits | null;
  loading: boolean;
  error: ApiError | null;
  picking: boolean;
  onPicking: (on: boolean) => void;
  /** The map's centre now. */
  mapCentre: () => { lat: number; lon: number } | null;
  /** The point last picked on the map (a new object each pick). */
  picked: { lat: number; lon: number } | null;
  onSearch: (q: { lat: number; lon: number; km: number }) => void;
  onClear: () => void;
  onSelect: (s: Selected) => void;
}): ReactNode {
  const headingId = useId();
  const [form, setForm] = useState<NearQuery>(
    () => near ?? { lat: '', lon: '', km: String(NEAR_DEFAULT_KM) },
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const nearKey = near ? `${near.lat},${near.lon},${near.km}` : null;
  // The form follows the URL's search (a link, the back button).
  useEffect(() => {
    if (near) setForm(near);
    setErrors({});
  }, [nearKey]);
  const place = (p: { lat: number; lon: number }) => {
    setForm((f) => ({ ...f, lat: p.lat.toFixed(4), lon: p.lon.toFixed(4) }));
    setErrors((e) => ({ ...e, lat: undefined, lon: undefined }));
  };
  useEffect(() => {
    if (picked) place(picked);
  }, [picked]);
  const set = (field: Field) => (v: string) => setForm((f) => ({ ...f, [field]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkNear(form);
    setErrors(checked.errors);
    if (!checked.value) {
      const first = (['lat', 'lon', 'km'] as const).find((f) => checked.errors[f]);
      if (first) inputs.current[first]?.focus();
      return;
    }
    onPicking(false);
    onSearch(checked.value);
  };

  const count = hits?.length ?? 0;
  return (
    <section className="side near" aria-labelledby={headingId} data-testid="near">
      <h2 id={headingId}>Incidents near a point</h2>
      <form role="search" aria-labelledby={headingId} noValidate onSubmit={submit}>
        <div className="filters">
          <NumberField
            label="Latitude"
            name="lat"
            value={form.lat}
            error={errors.lat}
            inputRef={(el) => (inputs.current.lat = el)}
            onChange={set('lat')}
          />
          <NumberField
            label="Longitude"
            name="lon"
            value={form.lon}
            error={errors.lon}
            inputRef={(el) => (inputs.current.lon = el)}
            onChange={set('lon')}
          />
          <NumberField
            label="Radius (km)"
            name="km"
            value={form.km}
            error={errors.km}
            inputRef={(el) => (inputs.current.km = el)}
            onChange={set('km')}
          />
        </div>
        <div className="filters">
          <button
            type="button"
            className="secondary"
            onClick={() => {
              const c = mapCentre();
              if (c) place(c);
            }}
            data-testid="near-centre"
          >
            Use map centre
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={picking}
            onClick={() => onPicking(!picking)}
            data-testid="near-pick"
          >
            Pick on map
          </button>
          <button type="submit" data-testid="near-search">
            Search
          </button>
          {near ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                onPicking(false);
                setErrors({});
                onClear();
              }}
              data-testid="near-clear"
            >
              Clear
            </button>
          ) : null}
        </div>
        <p className="muted" role="status" data-testid="near-pick-status">
          {picking ? 'Click the map to choose the point (Escape cancels).' : ''}
        </p>
      </form>
      {near ? <ErrorBox error={error} /> : null}
      {near && loading ? <Loading what="incidents near the point" /> : null}
      {near && hits ? (
        <>
          <h3 data-testid="near-count">
            {fmt(count)} incident{count === 1 ? '' : 's'} within {near.km} km of {near.lat},{' '}
            {near.lon}
          </h3>
          <p className="muted">
            Nearest first, over the whole case (whatever the period and filters above)
            {count >= NEAR_LIMIT ? `; the nearest ${fmt(NEAR_LIMIT)} only` : ''}. Ringed on the map.
          </p>
          <ol className="plain-list" data-testid="near-results">
            {hits.map(({ km, incident: i }) => (
              <li key={i.id} data-id={i.id}>
                <button className="link" onClick={() => onSelect({ kind: 'incident', id: i.id })}>
                  {incidentLine(i)}
                </button>{' '}
                <span className="muted">{kmText(km)}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
