import type { ReactNode } from 'react';
import { attributionWording, fmt, Missing, Sources, text, useCaseApi } from '../lib.tsx';
import type { Schemas } from '../api.ts';

/** An incident as the API answers it. */
export type Incident = Schemas['Incident'];

export function placeLine(i: Incident): string {
  const near =
    i.offset_km && i.anchor_place
      ? `${fmt(i.offset_km)} km ${i.offset_dir ?? ''} of ${i.anchor_place}`
      : (i.place ?? '');
  return [near, i.admin1, i.country].filter(Boolean).join(', ');
}

/** An incident in one line of a result list: date · place · attack type. */
export function incidentLine(i: Incident): string {
  return `${i.date ?? 'undated'} · ${i.place ?? i.admin1 ?? 'place unknown'} · ${text(i.attack_type) || 'other'}`;
}

export function casualtiesLine(i: Incident): string {
  const parts: string[] = [];
  if (i.killed !== null) parts.push(`${i.killed} killed`);
  if (i.wounded !== null) parts.push(`${i.wounded} wounded`);
  if (!parts.length && i.casualties_total !== null)
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
              {s.name}
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
  const loaded = useCaseApi('incidents/{id}', { id });
  const i = loaded.data;
  if (!i) return <Missing loaded={loaded} what="incident" />;
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
        <dd>{i.lat !== null ? `${i.lat}, ${i.lon}` : '—'}</dd>
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
