// Shared hooks and small components. Every piece of data is rendered as React text
// children: never as HTML (no dangerouslySetInnerHTML anywhere in this app).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import {
  api,
  ApiError,
  fillPath,
  type CaseGetPath,
  type CaseRef,
  type CaseResponse,
  type Query,
  type Schemas,
  type Session,
} from './api.ts';

export interface AppState {
  session: Session;
  caseRef: CaseRef;
  canWrite: boolean;
  setCase: (id: string) => void;
  logout: () => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const s = useContext(AppContext);
  if (!s) throw new Error('useApp outside AppContext');
  return s;
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs a case-scoped path as the API names it (`incidents`, `entities/{id}`): the query
 * fills the path's parameters and the rest goes in the query string. Re-fetches when the
 * path or the query changes; typed by the API's OpenAPI document.
 */
export function useCaseApi<R extends CaseGetPath>(
  rest: R | null,
  query?: Query,
): Loaded<CaseResponse<R>> {
  type T = CaseResponse<R>;
  const { caseRef } = useApp();
  const filled =
    rest === null
      ? null
      : fillPath(`/api/cases/{caseId}/${rest}`, { ...query, caseId: caseRef.id });
  const path = filled?.path ?? null;
  const key = path === null ? null : path + JSON.stringify(filled?.query ?? {});
  const [state, setState] = useState<{
    key: string | null;
    data: T | null;
    error: ApiError | null;
  }>({
    key: null,
    data: null,
    error: null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    api
      .get(path as `/api/cases/{caseId}/${CaseGetPath}`, filled?.query)
      .then((data) => live && setState({ key, data: data as T, error: null }))
      .catch((e: unknown) => {
        if (!live) return;
        const error =
          e instanceof ApiError
            ? e
            : new ApiError({ code: 'CP_NETWORK', status: 0, message: String(e) });
        setState({ key, data: null, error });
      });
    return () => {
      live = false;
    };
    // `key` stands for path and query together.
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: path !== null && !current,
    reload,
  };
}

export function ErrorBox({ error }: { error: ApiError | null | undefined }): ReactNode {
  if (!error) return null;
  const b = error.body;
  return (
    <div className="error" role="alert">
      <strong>{b.code}</strong> {b.message}
      {b.file ? <span> · file {b.file}</span> : null}
      {b.line !== undefined ? <span> · line {b.line}</span> : null}
      {b.field ? <span> · field {b.field}</span> : null}
      {b.expected ? <span> · expected {b.expected}</span> : null}
    </div>
  );
}

export function Loading({ what }: { what?: string }): ReactNode {
  return (
    <p className="muted" role="status">
      Loading{what ? ` ${what}` : ''}…
    </p>
  );
}

/** What the API says when a route is not there (yet): shown plainly, not hidden. */
export function Missing({
  loaded,
  what,
}: {
  loaded: Pick<Loaded<unknown>, 'loading' | 'error'>;
  what: string;
}): ReactNode {
  if (loaded.loading) return <Loading what={what} />;
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  return null;
}

export function fmt(n: unknown, digits = 0): string {
  if (n === null || n === undefined || n === '') return '—';
  const v = Number(n);
  if (!Number.isFinite(v)) return String(n);
  return v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** An object's fields as `key: value · key: value`, nested values as JSON. */
export function fieldsText(o: object): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : text(v)}`)
    .join(' · ');
}

export function Stat({
  label,
  value,
  previous,
  digits = 0,
  testId,
}: {
  label: string;
  value: number | null | undefined;
  previous?: number | null | undefined;
  digits?: number;
  testId?: string;
}): ReactNode {
  const delta =
    value !== null && value !== undefined && previous !== null && previous !== undefined
      ? value - previous
      : null;
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-value={value ?? ''}>
        {fmt(value, digits)}
      </div>
      <div className="stat-prev">
        previous: <span data-value={previous ?? ''}>{fmt(previous, digits)}</span>
        {delta !== null ? (
          <span className={delta > 0 ? 'up' : delta < 0 ? 'down' : ''}>
            {' '}
            ({delta > 0 ? '+' : ''}
            {fmt(delta, digits)})
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** A source as an incident cites it, or as evidence of a record (with its grade). */
export type SourceRef = Partial<Schemas['Incident']['sources'][number]> &
  Partial<Schemas['SupportingSource']>;

/**
 * A list of sources or evidence rows, with the Admiralty grade and what it means. Each opens
 * (a click on its name) on its publisher, date, kind, link and the citations folded into it.
 * The page is shown as the store keeps it ("p. 20", "folio 7"): no "p." is added here.
 */
export function Sources({
  items,
  label = 'Sources',
}: {
  items: SourceRef[] | undefined;
  label?: string;
}): ReactNode {
  if (!items?.length) return <p className="muted">No {label.toLowerCase()} recorded.</p>;
  return (
    <ul className="sources" aria-label={label}>
      {items.map((s, i) => (
        <li key={i} data-source={s.id}>
          <details>
            <summary>
              <span className="source-name">{s.title ?? s.name ?? s.id ?? 'source'}</span>
              {s.reliability || s.credibility ? (
                <span className="grade" title={s.grade_meaning ?? 'Admiralty grade'}>
                  {s.reliability ?? '?'}
                  {s.credibility ?? '?'}
                </span>
              ) : null}
              {s.date || s.published ? (
                <span className="muted"> · {s.date ?? s.published}</span>
              ) : null}
              {s.page ? <span className="muted"> · {s.page}</span> : null}
            </summary>
            <dl className="fields small">
              {s.grade_meaning ? (
                <>
                  <dt>grade</dt>
                  <dd>
                    {s.grade}: {s.grade_meaning}
                  </dd>
                </>
              ) : null}
              {s.publisher ? (
                <>
                  <dt>publisher</dt>
                  <dd>{s.publisher}</dd>
                </>
              ) : null}
              {s.kind ? (
                <>
                  <dt>kind</dt>
                  <dd>{s.kind}</dd>
                </>
              ) : null}
              {s.url && /^https?:\/\//i.test(s.url) ? (
                <>
                  <dt>link</dt>
                  <dd>
                    <a href={s.url} target="_blank" rel="noreferrer noopener">
                      {s.url}
                    </a>
                  </dd>
                </>
              ) : null}
              {s.same_as?.length ? (
                <>
                  <dt>also cited as</dt>
                  <dd>{s.same_as.join(', ')}</dd>
                </>
              ) : null}
              {s.id ? (
                <>
                  <dt>source</dt>
                  <dd>
                    <a href={`#/source?id=${encodeURIComponent(s.id)}`}>every record it supports</a>
                  </dd>
                </>
              ) : null}
            </dl>
          </details>
          {s.excerpt ? <blockquote>{s.excerpt}</blockquote> : null}
        </li>
      ))}
    </ul>
  );
}

export function attributionWording(a: unknown, perpetrator: unknown): string {
  const who = text(perpetrator) || 'an unknown group';
  if (a === 'claimed') return `${who} claimed responsibility`;
  if (a === 'suspected') return `no claim; probably ${who}`;
  return 'no claim, perpetrator unknown';
}

/**
 * Dates in this app are written one way, ISO 8601 (2021-01-07; 2021-01-07 14:05 UTC for a
 * moment): never the browser locale's order, which reads 01/07 as July in most of the world.
 */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A timestamp (ISO string, epoch ms or Date) as `YYYY-MM-DD HH:MM UTC`; '—' for none. */
export function isoDateTime(t: string | number | Date | null | undefined): string {
  if (t === null || t === undefined || t === '') return '—';
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date field that reads and writes YYYY-MM-DD whatever the browser's locale (the
 * browser's own date input shows 01/07/2021 to a US locale). `onChange` receives '' or
 * a well-formed day only; a half-typed value stays in the field, marked invalid.
 */
export function DateInput({
  value,
  onChange,
  label,
  name,
  testId,
}: {
  value: string;
  onChange: (iso: string) => void;
  label: string;
  name?: string;
  testId?: string;
}): ReactNode {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const valid = draft === '' || (ISO_DAY.test(draft) && !Number.isNaN(Date.parse(draft)));
  return (
    <label>
      {label}
      <input
        type="text"
        inputMode="numeric"
        placeholder="YYYY-MM-DD"
        pattern="\d{4}-\d{2}-\d{2}"
        size={10}
        name={name}
        value={draft}
        aria-invalid={!valid}
        data-testid={testId}
        onChange={(e) => {
          const v = e.target.value.trim();
          setDraft(v);
          if (v === '' || (ISO_DAY.test(v) && !Number.isNaN(Date.parse(v)))) onChange(v);
        }}
      />
    </label>
  );
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}
