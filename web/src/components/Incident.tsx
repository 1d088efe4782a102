import type { ReactNode } from 'react';
import {
  attributionWording,
  fmt,
  Missing,
  Sources,
  text,
  useCaseApi,
  type SourceRef,
} from '../lib.tsx';

export interface Incident {
  id: string;
  text?: string | null;
  date?: string | null;
  country?: string | null;
  country_code?: string | null;
  admin1?: string | null;
  admin2?: string | null;
  place?: string | null;
  anchor_place?: string | null;
  offset_km?: number | null;
  offset_dir?: string | null;
  lat?: number | null;
  lon?: number | null;
  attack_type?: string | null;
  event_type?: string | null;
  perpetrator?: string | null;
  target?: string | null;
  killed?: number | null;
  wounded?: number | null;
  casualties_total?: number | null;
  attribution?: string | null;
  sources?: SourceRef[];
  confidence?: number | null;
  evidence?: SourceRef[];
}

export function placeLine(i: Incident): string {
  const near =
    i.offset_km && i.anchor_place
      ? `${fmt(i.offset_km)} km ${i.offset_dir ?? ''} of ${i.anchor_place}`
      : (i.place ?? '');
  return [near, i.admin1, i.country].filter(Boolean).join(', ');
}

export function casualtiesLine(i: Incident): string {
  const parts: string[] = [];
  if (i.killed !== null && i.killed !== undefined) parts.push(`${i.killed} killed`);
  if (i.wounded !== null && i.wounded !== undefined) parts.push(`${i.wounded} wounded`);
  if (!parts.length && i.casualties_total !== null && i.casualties_total !== undefined)
    parts.push(`${i.casualties_total} killed or wounded`);
  return parts.join(', ') || 'casualties not reported';
}

export function IncidentCard({ incident: i }: { incident: Incident }): ReactNode {
  return (
    <article className="incident" data-id={i.id}>
      <header>
        <span className="date">{i.date ?? 'undated'}</span>{' '}
        <span className={`tag t-${text(i.attack_type)}`}>{text(i.attack_type) || 'other'}</span>{' '}
        <span className="place">{placeLine(i)}</span>
      </header>
      {i.text ? <p className="incident-text">{i.text}</p> : null}
      <p className="meta">
        <span>{casualtiesLine(i)}</span> ·{' '}
        <span className="attribution">{attributionWording(i.attribution, i.perpetrator)}</span>
        {i.target ? <span> · target: {i.target}</span> : null}
      </p>
      {i.sources?.length ? (
        <p className="meta">
          Sources:{' '}
          {i.sources.map((s, k) => (
            <span key={k} className="source-name">
              {k ? '; ' : ''}
              {s.name ?? s.title}
              {s.date ? ` (${s.date})` : ''}
            </span>
          ))}
        </p>
      ) : null}
    </article>
  );
}

/** One incident with its graded evidence, as `GET …/incidents/:id` gives it. */
export function IncidentDetail({ id }: { id: string }): ReactNode {
  const loaded = useCaseApi<Incident & { incident?: Incident }>(
    `incidents/${encodeURIComponent(id)}`,
  );
  const raw = loaded.data;
  if (!raw) return <Missing loaded={loaded} what="incident" />;
  const i: Incident = raw.incident ? { ...raw.incident, evidence: raw.evidence } : raw;
  return (
    <div className="detail" data-testid="incident-detail">
      <h2>Incident {i.id}</h2>
      <IncidentCard incident={i} />
      <dl className="fields">
        <dt>Type</dt>
        <dd>{text(i.attack_type)}</dd>
        <dt>Perpetrator</dt>
        <dd>{text(i.perpetrator) || '—'}</dd>
        <dt>Attribution</dt>
        <dd>{text(i.attribution)}</dd>
        <dt>Coordinates</dt>
        <dd>{i.lat !== null && i.lat !== undefined ? `${i.lat}, ${i.lon}` : '—'}</dd>
        <dt>Confidence</dt>
        <dd>{fmt(i.confidence, 2)}</dd>
      </dl>
      <h3>Sources and evidence</h3>
      <div data-testid="incident-sources">
        <Sources items={i.evidence?.length ? i.evidence : i.sources} label="Evidence" />
      </div>
    </div>
  );
}
