import type { ReactNode } from 'react';
import type { Schemas } from '../../api.ts';
import { fmt } from '../../lib.tsx';

type Features = Schemas['ScreeningAlert']['features'];

/** The engine's features of a hit, strongest first: value, weight and what each added. */
export function FeatureList({ features }: { features: Features }): ReactNode {
  const rows = Object.entries(features).sort(
    (a, b) => Math.abs(b[1].value * b[1].weight) - Math.abs(a[1].value * a[1].weight),
  );
  return (
    <ul className="features" data-testid="features">
      {rows.map(([k, f]) => (
        <li key={k} data-feature={k} className={f.weight < 0 ? 'against' : undefined}>
          <span className="feature-name">{k.replace(/_/g, ' ')}</span>{' '}
          <span className="small muted">
            {fmt(f.value, 2)} × {fmt(f.weight, 2)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The list a hit came from: its name, issuer and publication date. */
export function ListLabel({
  name,
  title,
  issuer,
  published,
}: {
  name: string | null;
  /** The list's own title, as its issuer calls it (shown on hover). */
  title?: string | null;
  issuer?: string | null;
  published?: string | null;
}): ReactNode {
  return (
    <span className="list-label" data-testid="list-label" title={title ?? undefined}>
      <strong>{name ?? '—'}</strong>
      {issuer ? <span className="small muted"> · {issuer}</span> : null}
      <span className="small muted">
        {' '}
        · {published ? `published ${published}` : 'date unknown'}
      </span>
    </span>
  );
}

export const DECISIONS = ['match', 'no_match', 'unsure'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Three buttons: match, no match, unsure. */
export function DecideButtons({
  onDecide,
  busy,
  label,
}: {
  onDecide: (d: Decision) => void;
  busy: boolean;
  label: string;
}): ReactNode {
  return (
    <span className="decide" role="group" aria-label={`Decide ${label}`}>
      {DECISIONS.map((d) => (
        <button
          key={d}
          className="secondary small"
          disabled={busy}
          onClick={() => onDecide(d)}
          data-decision={d}
        >
          {d.replace('_', ' ')}
        </button>
      ))}
    </span>
  );
}
