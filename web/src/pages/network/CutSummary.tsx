import type { ReactNode } from 'react';
import type { ApiError, CaseResponse } from '../../api.ts';
import { ErrorBox, fmt } from '../../lib.tsx';

/** What the cut is (each member a link to its node) and what it takes away, or why there is none. */
export function CutSummary({
  cut,
  error,
  auto,
  onFocus,
}: {
  cut: CaseResponse<'network/chokepoints'> | null;
  error: ApiError | null;
  auto: boolean;
  onFocus: (id: string) => void;
}): ReactNode {
  return (
    <>
      {error && auto ? (
        <p className="muted" data-testid="cut-summary">
          No default choke-point cut (suppliers → end users): {error.message}
        </p>
      ) : null}
      {error && !auto ? <ErrorBox error={error} /> : null}
      {cut ? (
        <p data-testid="cut-summary">
          {cut.cut_size === 0 ? (
            <>
              Cut of 0: no set of intermediaries separates these ends (a party on both sides, or a
              direct edge)
            </>
          ) : (
            <>
              Cut of {cut.cut_size}:{' '}
              {cut.cut.map((c, i) => (
                <span key={c.id}>
                  {i ? ', ' : ''}
                  <button className="link" onClick={() => onFocus(c.id)}>
                    {c.name}
                  </button>
                </span>
              ))}
            </>
          )}
          {cut.paths_before !== undefined
            ? ` · paths ${cut.paths_before} → ${cut.paths_after}`
            : ''}
          {cut.supply_reachable_after !== undefined
            ? ` · supply still reaching the targets: ${fmt((cut.supply_reachable_after ?? 0) * 100, 1)} %`
            : ''}
        </p>
      ) : null}
    </>
  );
}
