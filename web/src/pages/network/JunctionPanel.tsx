import type { ReactNode } from 'react';
import { fmt, Missing, useCaseApi } from '../../lib.tsx';

/**
 * Junction points, the study's "same family or company across the chains of different
 * commodities": business groups (a family and its companies) taken whole, each with its
 * members and the commodities whose chains pass it; then the single parties.
 */
export function JunctionPanel({ onFocus }: { onFocus: (id: string) => void }): ReactNode {
  const groups = useCaseApi('network/junctions', { groups: 'true' });
  const parties = useCaseApi('network/junctions', { limit: 10 });
  const labelOf = new Map((groups.data?.commodities ?? []).map((c) => [c.id, c.label]));
  const label = (id: string) => labelOf.get(id) ?? id;
  return (
    <div data-testid="junctions">
      <h2>Junction points</h2>
      <Missing loaded={groups} what="junctions" />
      {groups.data ? (
        <ol className="junctions">
          {groups.data.junctions
            .filter((j) => j.kind === 'group' && j.chains > 1)
            .map((j) => (
              <li key={j.id} data-testid="junction-group">
                <strong>{j.name}</strong> · {j.members.length} members · {j.chains} commodities
                <div className="muted">{j.commodities.map(label).join('; ')}</div>
                <div>
                  {j.members.map((m, i) => (
                    <span key={m.id}>
                      {i ? ', ' : ''}
                      <button className="link" onClick={() => onFocus(m.id)}>
                        {m.name}
                      </button>
                    </span>
                  ))}
                </div>
              </li>
            ))}
        </ol>
      ) : null}
      <h3>Single parties</h3>
      <Missing loaded={parties} what="junctions" />
      {parties.data ? (
        <ol className="junctions">
          {parties.data.junctions.map((j) => (
            <li key={j.id}>
              <button className="link" onClick={() => onFocus(j.id)}>
                {j.name}
              </button>{' '}
              · {j.chains} commodit{j.chains === 1 ? 'y' : 'ies'} · {fmt(j.volume_share * 100, 1)} %
              of volume
              <div className="muted">{j.commodities.map(label).join('; ')}</div>
            </li>
          ))}
        </ol>
      ) : null}
      {groups.data ? <p className="muted">{groups.data.method}</p> : null}
    </div>
  );
}
