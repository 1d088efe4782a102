// A case's timeline (as i2 and Aleph show one): incidents, orders, payments, seizures and
// documents on one time axis, filtered by period and kind (the filters live in the URL),
// each item opening its page. A plain SVG axis: one tick per item, one row per kind.
import type { ReactNode } from 'react';
import type { CaseResponse } from '../api.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { DateInput, Missing, useCaseApi } from '../lib.tsx';
import { href, setParams } from '../router.ts';

type Timeline = CaseResponse<'timeline'>;
type Item = Timeline['items'][number];
type Kind = Item['kind'];

const KINDS: { kind: Kind; label: string; colour: string }[] = [
  { kind: 'incident', label: 'Incidents', colour: '#b5482b' },
  { kind: 'order', label: 'Orders', colour: '#1a5fb4' },
  { kind: 'payment', label: 'Payments', colour: '#26734d' },
  { kind: 'seizure', label: 'Seizures', colour: '#7a4fa0' },
  { kind: 'document', label: 'Documents', colour: '#5c6670' },
];

/** Where an item of the timeline opens. */
export function itemHref(i: Pick<Item, 'kind' | 'id'>): string {
  switch (i.kind) {
    case 'incident':
      return href('incidents', { incident: i.id });
    case 'order':
      return href('orders', { order: i.id });
    case 'payment':
      return href('entity', { id: i.id });
    case 'seizure':
      return href('seizures', { seizure: i.id });
    case 'document':
      return href('documents', { id: i.id });
  }
}

function chosenKinds(params: URLSearchParams): Kind[] {
  const raw = params.get('kinds');
  if (!raw) return KINDS.map((k) => k.kind);
  const asked = raw.split(',');
  return KINDS.map((k) => k.kind).filter((k) => asked.includes(k));
}

export default function TimelinePage({ params }: { params: URLSearchParams }): ReactNode {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const kinds = chosenKinds(params);
  const query = {
    from: from || undefined,
    to: to || undefined,
    kind: kinds.join(',') || undefined,
  };
  const loaded = useCaseApi(kinds.length ? 'timeline' : null, query);
  const toggle = (k: Kind) => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    setParams({ kinds: next.length === KINDS.length ? null : next.join(',') || 'none' });
  };
  return (
    <section>
      <div className="page-head">
        <h1>Timeline of the case</h1>
        <ExportMenu
          kind="timeline"
          label="Export the timeline"
          query={{ from: query.from, to: query.to, kinds: query.kind }}
        />
      </div>
      <form className="filters" aria-label="Timeline filters" onSubmit={(e) => e.preventDefault()}>
        <DateInput
          label="From"
          value={from}
          testId="timeline-from"
          onChange={(v) => setParams({ from: v })}
        />
        <DateInput
          label="To"
          value={to}
          testId="timeline-to"
          onChange={(v) => setParams({ to: v })}
        />
        <fieldset className="kinds">
          <legend>Kinds</legend>
          {KINDS.map((k) => (
            <label key={k.kind} className="check">
              <input
                type="checkbox"
                checked={kinds.includes(k.kind)}
                onChange={() => toggle(k.kind)}
                data-kind={k.kind}
              />
              <span className="swatch" style={{ background: k.colour }} aria-hidden="true" />
              {k.label}
              {loaded.data ? ` (${loaded.data.counts[k.kind] ?? 0})` : ''}
            </label>
          ))}
        </fieldset>
      </form>
      {kinds.length === 0 ? <p className="muted">Choose at least one kind.</p> : null}
      <Missing loaded={loaded} what="timeline" />
      {loaded.data ? <TimelineView items={loaded.data.items} /> : null}
    </section>
  );
}

function dayOf(iso: string): number {
  return Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;
}

/** Marks on the axis: the first of each month over a span of up to two years, else of each year. */
function axisMarks(first: number, last: number): { date: string; label: string }[] {
  const monthly = last - first <= 730;
  const out: { date: string; label: string }[] = [];
  const d = new Date(first * 86_400_000);
  d.setUTCDate(1);
  if (!monthly) d.setUTCMonth(0);
  for (;;) {
    if (monthly) d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    if (d.getTime() / 86_400_000 >= last) return out;
    const iso = d.toISOString().slice(0, 10);
    out.push({ date: iso, label: monthly ? iso.slice(0, 7) : iso.slice(0, 4) });
  }
}

/** The SVG axis: one row per kind, a tick per item (a link to its page), years or months marked. */
function TimelineAxis({ items }: { items: Item[] }): ReactNode {
  const width = 1000;
  const row = 22;
  const left = 90;
  const first = dayOf(items[0]!.date);
  const last = Math.max(dayOf(items.at(-1)!.date), first + 1);
  const x = (d: string) => left + ((dayOf(d) - first) / (last - first)) * (width - left - 10);
  const marks = axisMarks(first, last);
  const height = KINDS.length * row + 24;
  return (
    <svg
      className="timeline-axis"
      viewBox={`0 0 ${width} ${height}`}
      role="group"
      aria-label={`Timeline from ${items[0]!.date} to ${items.at(-1)!.date}: ${items.length} items`}
    >
      {KINDS.map((k, r) => (
        <g key={k.kind}>
          <text x={4} y={r * row + 15} fontSize="11" fill="#1d232a">
            {k.label}
          </text>
          <line x1={left} x2={width - 10} y1={r * row + 11} y2={r * row + 11} stroke="#d9dde1" />
        </g>
      ))}
      {marks.map((m) => (
        <g key={m.date}>
          <line
            x1={x(m.date)}
            x2={x(m.date)}
            y1={0}
            y2={height - 18}
            stroke="#d9dde1"
            strokeDasharray="3 3"
          />
          <text x={x(m.date) + 2} y={height - 22} fontSize="10" fill="#5c6670">
            {m.label}
          </text>
        </g>
      ))}
      <text x={left} y={height - 6} fontSize="11" fill="#5c6670">
        {items[0]!.date}
      </text>
      <text x={width - 10} y={height - 6} fontSize="11" fill="#5c6670" textAnchor="end">
        {items.at(-1)!.date}
      </text>
      {items.map((i) => {
        const r = KINDS.findIndex((k) => k.kind === i.kind);
        return (
          <a key={`${i.kind}:${i.id}`} href={itemHref(i)} aria-label={`${i.date} ${i.title}`}>
            <rect x={x(i.date) - 2} y={r * row + 3} width={4} height={16} fill={KINDS[r]!.colour}>
              <title>{`${i.date} ${i.title}`}</title>
            </rect>
          </a>
        );
      })}
    </svg>
  );
}

function TimelineView({ items }: { items: Item[] }): ReactNode {
  if (items.length === 0) return <p className="muted">Nothing dated in this period.</p>;
  const byDay = new Map<string, Item[]>();
  for (const i of items) (byDay.get(i.date) ?? byDay.set(i.date, []).get(i.date)!).push(i);
  return (
    <>
      <div className="card">
        <TimelineAxis items={items} />
      </div>
      <div className="card">
        <ol className="timeline-list" data-testid="timeline">
          {[...byDay.entries()].map(([day, list]) => (
            <li key={day}>
              <span className="date">{day}</span>
              <ul className="plain-list">
                {list.map((i) => (
                  <li key={`${i.kind}:${i.id}`} data-kind={i.kind} data-id={i.id}>
                    <span className={`kind-badge kind-${i.kind}`}>{i.kind}</span>{' '}
                    <a href={itemHref(i)}>{i.title}</a>
                    {i.detail ? <span className="muted small"> · {i.detail}</span> : null}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}
