import type { ReactNode } from 'react';
import type { Schemas } from '../api.ts';
import { fmt } from '../lib.tsx';

/** Red flags by name, each with its evidence in a sentence (as the API words it) and its points. */
export function FlagList({
  flags,
  compact = false,
}: {
  flags: Schemas['ExplainedFlag'][];
  compact?: boolean;
}): ReactNode {
  if (flags.length === 0) return <p className="muted">No red flags.</p>;
  return (
    <ul className={compact ? 'flags compact' : 'flags'} data-testid="flags">
      {flags.map((f, i) => (
        <li className="flag" key={i} data-testid="flag" data-code={f.code}>
          <strong className="flag-name">{f.name}</strong>{' '}
          <span className="muted" title={`rule ${f.code}: log-odds points added to the score`}>
            +{fmt(f.weight, 2)}
          </span>
          <div className="flag-why">{f.explanation}</div>
        </li>
      ))}
    </ul>
  );
}
