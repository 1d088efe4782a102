import type { ReactNode } from 'react';
import type { ApiError, CaseResponse } from '../../api.ts';
import { num, TableHead } from '../../components/TableHead.tsx';
import { ErrorBox, fmt } from '../../lib.tsx';

type Cut = CaseResponse<'network/chokepoints'>;

/**
 * What the cut is (each member a link to its node) and what it takes away, or why there is
 * none: the sources' own supply, per commodity and unit, before and after the cut (units
 * are never added together), and the single share the API weighs from those rows.
 */
export function CutSummary({
  cut,
  error,
  auto,
  onFocus,
}: {
  cut: Cut | null;
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
        <div data-testid="cut-summary">
          <p>
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
            {` · paths ${cut.paths_before} → ${cut.paths_after}`}
            {` · of the sources' own supply reaching the targets, ${fmt(cut.supply_reachable_after * 100, 1)} % still reaches them after the cut`}
          </p>
          <p className="muted">
            From {cut.sources.length} source(s) ({cut.sources.map((s) => s.name).join(', ')}) to{' '}
            {cut.targets.length} target(s); {cut.orders_reaching_before.length} of{' '}
            {cut.orders_in_scope.length} of their orders reach the targets before the cut,{' '}
            {cut.orders_reaching_after.length} after.
          </p>
          {cut.supply.length ? (
            <table className="data" data-testid="cut-supply">
              <caption className="muted">The sources' supply per commodity and unit</caption>
              <TableHead
                columns={[
                  'Commodity',
                  'Unit',
                  num('Reaching before'),
                  num('After'),
                  num('Still through'),
                ]}
              />
              <tbody>
                {cut.supply.map((r) => (
                  <tr key={`${r.commodity}/${r.unit ?? r.measure}`}>
                    <td>{r.label}</td>
                    <td>{r.measure === 'orders' ? 'orders' : (r.unit ?? '—')}</td>
                    <td className="num">{fmt(r.before)}</td>
                    <td className="num">{fmt(r.after)}</td>
                    <td className="num">
                      {r.orders_before ? `${fmt(r.share_after * 100, 1)} %` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {cut.notes.length ? (
            <ul className="muted">
              {cut.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
