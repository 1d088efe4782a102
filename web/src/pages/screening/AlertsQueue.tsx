import { useState, type ReactNode } from 'react';
import { api, type ApiError } from '../../api.ts';
import { num, TableHead } from '../../components/TableHead.tsx';
import { ErrorBox, fmt, Missing, useApp, useCaseApi } from '../../lib.tsx';
import { DecideButtons, FeatureList, type Decision } from './Features.tsx';

const STATES = ['new', 'match', 'no_match', 'unsure'] as const;
const REASONS: Record<string, string> = {
  new_hit: 'new hit',
  score_rose: 'score rose since decided',
  entry_changed: 'list entry changed since decided',
};

/** The watchlist's alerts (the case's parties re-screened as lists change), with decisions. */
export function AlertsQueue(): ReactNode {
  const { caseRef, canWrite } = useApp();
  const [state, setState] = useState<(typeof STATES)[number]>('new');
  const alerts = useCaseApi('alerts', { state });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const decide = (id: string, decision: Decision) => {
    setBusy(id);
    setError(null);
    api
      .post('/api/cases/{caseId}/alerts/{id}/decision', { caseId: caseRef.id, id }, { decision })
      .then(() => alerts.reload())
      .catch((e: unknown) => setError(e as ApiError))
      .finally(() => setBusy(null));
  };
  const rows = alerts.data?.items ?? [];
  return (
    <div className="card" data-testid="alerts">
      <div className="page-head">
        <h2>Watchlist alerts</h2>
        <label>
          State
          <select
            value={state}
            onChange={(e) => setState(e.target.value as (typeof STATES)[number])}
            data-testid="alert-state"
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={error} />
      <Missing loaded={alerts} what="alerts" />
      {alerts.data && rows.length === 0 ? (
        <p className="muted">No alerts in state “{state.replace('_', ' ')}”.</p>
      ) : null}
      {rows.length ? (
        <div className="table-wrap">
          <table className="data">
            <TableHead
              columns={[num('Score'), 'Party', 'Listed entry', 'List', 'Why', 'Decision']}
            />
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} data-alert={a.id}>
                  <td className="num">{fmt(a.score, 2)}</td>
                  <td>{a.party_name}</td>
                  <td>
                    {a.entry_caption}
                    <div className="small muted">{REASONS[a.reason] ?? a.reason}</div>
                  </td>
                  <td>
                    {a.list_name}
                    {a.list_version !== null ? (
                      <span className="small muted"> v{a.list_version}</span>
                    ) : null}
                  </td>
                  <td>
                    <FeatureList features={a.features} />
                  </td>
                  <td>
                    {a.state !== 'new' ? (
                      <span data-testid="decided">
                        {a.state.replace('_', ' ')}{' '}
                        <span className="small muted">by {a.decided_by}</span>
                      </span>
                    ) : canWrite ? (
                      <DecideButtons
                        label={`${a.party_name} ~ ${a.entry_caption}`}
                        busy={busy === a.id}
                        onDecide={(d) => decide(a.id, d)}
                      />
                    ) : (
                      <span className="muted">new</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
