import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiError } from '../api.ts';
import {
  IncidentDetail,
  casualtiesLine,
  placeLine,
  type Incident,
} from '../components/Incident.tsx';
import {
  attributionWording,
  ErrorBox,
  fmt,
  isoDate,
  Missing,
  text,
  useApp,
  useCaseApi,
} from '../lib.tsx';

const ATTACK_TYPES: NonNullable<Incident['attack_type']>[] = [
  'ied',
  'armed_assault',
  'targeted_killing',
  'sniper',
  'suicide_bombing',
  'vehicle_bomb',
  'rocket_mortar',
  'ambush',
  'kidnapping',
  'arson_sabotage',
  'arrest_raid',
  'airstrike',
  'other',
];
const PAGE = 50;

interface Filters {
  from: string;
  to: string;
  country: string;
  admin1: string;
  attack_type: string;
  attribution: string;
  source: string;
  q: string;
}
const EMPTY: Filters = {
  from: '',
  to: '',
  country: '',
  admin1: '',
  attack_type: '',
  attribution: '',
  source: '',
  q: '',
};

export default function IncidentsPage({ params }: { params: URLSearchParams }): ReactNode {
  const wanted = params.get('tab') === 'extract' ? 'extract' : 'table';
  const [tab, setTab] = useState<'table' | 'extract'>(wanted);
  // A link to the other tab (same page, new hash) switches it.
  useEffect(() => setTab(wanted), [wanted]);
  return (
    <section>
      <div className="page-head">
        <h1>Incidents</h1>
        <div role="tablist" aria-label="Incidents views" className="filters" style={{ margin: 0 }}>
          <button
            role="tab"
            aria-selected={tab === 'table'}
            className={tab === 'table' ? '' : 'secondary'}
            onClick={() => setTab('table')}
          >
            Table
          </button>
          <button
            role="tab"
            aria-selected={tab === 'extract'}
            className={tab === 'extract' ? '' : 'secondary'}
            onClick={() => setTab('extract')}
            data-testid="tab-extract"
          >
            Extraction review
          </button>
        </div>
      </div>
      {tab === 'table' ? <IncidentTable initial={params.get('incident')} /> : <ExtractionReview />}
    </section>
  );
}

function IncidentTable({ initial }: { initial: string | null }): ReactNode {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(initial);
  const list = useCaseApi('incidents', { ...filters, limit: PAGE, offset });
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
  return (
    <>
      <form
        className="filters card"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setFilters(draft);
        }}
      >
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        {field('country', 'Country')}
        {field('admin1', 'Admin-1 (province)')}
        <label>
          Type
          <select
            value={draft.attack_type}
            onChange={(e) => setDraft({ ...draft, attack_type: e.target.value })}
            name="attack_type"
          >
            <option value="">any</option>
            {ATTACK_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Attribution
          <select
            value={draft.attribution}
            onChange={(e) => setDraft({ ...draft, attribution: e.target.value })}
            name="attribution"
          >
            <option value="">any</option>
            <option>claimed</option>
            <option>suspected</option>
            <option>unknown</option>
          </select>
        </label>
        {field('source', 'Source')}
        {field('q', 'Text')}
        <button type="submit">Filter</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft(EMPTY);
            setFilters(EMPTY);
            setOffset(0);
          }}
        >
          Reset
        </button>
      </form>
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
                  <thead>
                    <tr>
                      <th>Date</th>
                      <th>Type</th>
                      <th>Place</th>
                      <th>Casualties</th>
                      <th>Attribution</th>
                      <th>Sources</th>
                    </tr>
                  </thead>
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
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  Previous
                </button>
                <button
                  className="secondary"
                  disabled={offset + PAGE >= list.data.total}
                  onClick={() => setOffset(offset + PAGE)}
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

interface Span {
  field: string;
  start: number;
  end: number;
}
/** An extracted incident under review (the UI's copy, edited before it is saved). */
type Extracted = Incident;

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
  {
    key: 'attribution',
    label: 'Attribution',
    type: 'select',
    options: ['claimed', 'suspected', 'unknown'],
  },
  { key: 'target', label: 'Target' },
  { key: 'killed', label: 'Killed', type: 'number' },
  { key: 'wounded', label: 'Wounded', type: 'number' },
  { key: 'casualties_total', label: 'Killed or wounded', type: 'number' },
];

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const TEXT_FIELDS = ['place', 'anchor_place', 'admin1', 'perpetrator', 'target'] as const;
const COUNT_FIELDS = ['killed', 'wounded', 'casualties_total'] as const;

/**
 * Where the extractor gives no spans, find each field's value inside the incident's own
 * sentence: names by case-insensitive search, counts as digits or number words next to
 * the word that names them ("three guards were killed"), the date by its day number.
 */
export function locateSpans(source: string, inc: Extracted): Span[] {
  const lower = source.toLowerCase();
  const sentence = inc.text ? lower.indexOf(inc.text.toLowerCase()) : -1;
  const from = sentence >= 0 ? sentence : 0;
  const to = sentence >= 0 ? sentence + (inc.text?.length ?? 0) : source.length;
  const spans: Span[] = [];
  const find = (needle: string, field: string) => {
    if (!needle) return;
    const at = lower.indexOf(needle.toLowerCase(), from);
    if (at >= 0 && at + needle.length <= to)
      spans.push({ field, start: at, end: at + needle.length });
  };
  for (const f of TEXT_FIELDS) {
    const v = inc[f];
    if (typeof v === 'string') find(v, f);
  }
  for (const f of COUNT_FIELDS) {
    const v = inc[f];
    if (typeof v !== 'number') continue;
    const cue = f === 'killed' ? 'killed' : f === 'wounded' ? 'wounded' : 'casualties';
    const cueAt = lower.indexOf(cue, from);
    if (cueAt < 0 || cueAt >= to) continue;
    // The nearest number before the cue word.
    const words = [String(v), NUMBER_WORDS[v] ?? ''].filter(Boolean);
    let best = -1;
    let len = 0;
    for (const w of words) {
      const re = new RegExp(`\\b${w}\\b`, 'g');
      for (const m of lower.slice(from, cueAt).matchAll(re))
        if (from + m.index > best) {
          best = from + m.index;
          len = w.length;
        }
    }
    if (best >= 0) spans.push({ field: f, start: best, end: best + len });
    spans.push({ field: f, start: cueAt, end: cueAt + cue.length });
  }
  if (inc.attribution === 'claimed') find('claimed responsibility', 'attribution');
  else if (inc.attribution === 'suspected') find('probably', 'attribution');
  if (inc.date) {
    const day = String(Number(inc.date.slice(8, 10)));
    const m = new RegExp(`\\b[a-z]+ ${day}\\b|\\b${day} [a-z]+\\b`).exec(lower.slice(from, to));
    if (m) spans.push({ field: 'date', start: from + m.index, end: from + m.index + m[0].length });
  }
  return spans;
}

/** The bulletin text with each extracted field's span wrapped in <mark>, built as React nodes. */
export function Highlighted({ source, spans }: { source: string; spans: Span[] }): ReactNode {
  const sorted = [...spans]
    .filter((s) => s.start >= 0 && s.end <= source.length && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue; // overlapping spans: the first (widest) wins
    if (s.start > at) parts.push(source.slice(at, s.start));
    parts.push(
      <mark key={`${s.start}-${s.field}`} data-field={s.field} title={s.field}>
        {source.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  if (at < source.length) parts.push(source.slice(at));
  return (
    <div className="extract-text" data-testid="highlighted">
      {parts}
    </div>
  );
}

function ExtractionReview(): ReactNode {
  const { caseRef, canWrite } = useApp();
  const [input, setInput] = useState('');
  const [docDate, setDocDate] = useState(isoDate(new Date()));
  const [extracted, setExtracted] = useState<Extracted[] | null>(null);
  const [sentText, setSentText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [keep, setKeep] = useState<boolean[]>([]);

  const run = () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    api
      .post(
        '/api/cases/{caseId}/extract',
        { caseId: caseRef.id },
        { text: input, doc_date: docDate },
      )
      .then((r) => {
        setSentText(input);
        setExtracted(r.incidents);
        setKeep(r.incidents.map(() => true));
      })
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setBusy(false));
  };
  const save = () => {
    if (!extracted) return;
    setBusy(true);
    setError(null);
    const incidents = extracted.filter((_, i) => keep[i]);
    api
      .post('/api/cases/{caseId}/incidents', { caseId: caseRef.id }, { incidents })
      .then((r) => setSaved(`Saved ${r.saved} incident(s).`))
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setBusy(false));
  };
  const update = (i: number, key: string, value: string, type?: string) => {
    if (!extracted) return;
    const next = [...extracted];
    const v: unknown = value === '' ? null : type === 'number' ? Number(value) : value;
    next[i] = { ...next[i]!, [key]: v };
    setExtracted(next);
  };
  const allSpans = useMemo(
    () => (extracted ?? []).flatMap((e) => locateSpans(sentText, e)),
    [extracted, sentText],
  );

  return (
    <div className="card">
      <h2>Paste bulletin or news text</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <label style={{ width: '100%' }}>
          Text
          <textarea
            value={input}
            onChange={(e) => setInput(e.target.value)}
            rows={8}
            style={{ width: '100%' }}
            data-testid="extract-input"
          />
        </label>
        <div className="filters" style={{ marginTop: '0.4rem' }}>
          <label>
            Document date
            <input type="date" value={docDate} onChange={(e) => setDocDate(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !input.trim()} data-testid="extract-run">
            Extract
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {extracted ? (
        <>
          <h3>Fields found in the text</h3>
          <Highlighted source={sentText} spans={allSpans} />
          <h3>
            {extracted.length} extracted incident{extracted.length === 1 ? '' : 's'}: correct, then
            save
          </h3>
          {extracted.map((inc, i) => (
            <fieldset key={i} className="extracted" data-testid="extracted">
              <legend>
                <label style={{ flexDirection: 'row', gap: '0.3rem', color: 'inherit' }}>
                  <input
                    type="checkbox"
                    checked={keep[i] ?? true}
                    onChange={(e) => setKeep(keep.map((k, j) => (j === i ? e.target.checked : k)))}
                  />
                  Keep incident {i + 1}
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
                        onChange={(e) => update(i, f.key, e.target.value)}
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
                        onChange={(e) => update(i, f.key, e.target.value, f.type)}
                        readOnly={!canWrite}
                        data-field={f.key}
                      />
                    )}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          {canWrite ? (
            <button
              onClick={save}
              disabled={busy || !keep.some(Boolean)}
              data-testid="extract-save"
            >
              Save reviewed incidents
            </button>
          ) : (
            <p className="muted">
              Your role in this case is read-only: you can extract but not save.
            </p>
          )}
          {saved ? (
            <p className="ok" role="status">
              {saved}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
