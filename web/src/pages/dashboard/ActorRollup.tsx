import type { ReactNode } from 'react';
import type { CaseResponse } from '../../api.ts';
import { TableHead, num } from '../../components/TableHead.tsx';
import { fmt } from '../../lib.tsx';

type Summary = CaseResponse<'summary'>;

/**
 * The week's attacks by actor (the summary's `by_actor`: perpetrators normalised to the
 * actor table, so "ISIS", "Daesh" and ACLED's "Islamic State (Iraq)" are one row), most
 * attacks first, then by ACLED event type. Attacks with no known perpetrator are one
 * "unattributed" row. Names are data: rendered as text.
 */
export function ActorRollup({ summary, top = 12 }: { summary: Summary; top?: number }): ReactNode {
  const actors = summary.by_actor.filter((a) => a.attacks > 0).slice(0, top);
  const types = summary.by_event_type;
  return (
    <div className="grid2">
      <div className="card">
        <h2>Attacks by actor</h2>
        {actors.length === 0 ? (
          <p className="muted">No attacks in the period.</p>
        ) : (
          <table className="data" data-testid="actor-rollup">
            <TableHead columns={['Actor', num('Attacks'), num('Killed'), num('Wounded')]} />
            <tbody>
              {actors.map((a) => (
                <tr key={a.key} data-actor={a.key}>
                  <td>
                    {a.key === 'unknown' ? <span className="muted">unattributed</span> : a.name}
                  </td>
                  <td className="num">{fmt(a.attacks)}</td>
                  <td className="num">{fmt(a.killed)}</td>
                  <td className="num">{fmt(a.wounded)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="card">
        <h2>Events by ACLED type</h2>
        <table className="data" data-testid="event-type-rollup">
          <TableHead columns={['Event type', num('Events'), num('Attacks'), num('Killed')]} />
          <tbody>
            {types.map((t) => (
              <tr key={t.key}>
                <td>{t.key}</td>
                <td className="num">{fmt(t.events)}</td>
                <td className="num">{fmt(t.attacks)}</td>
                <td className="num">{fmt(t.killed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
