import { useState, type ReactNode } from 'react';
import { api, type ApiError, type Schemas } from '../api.ts';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { ErrorBox, Missing, useApp, useCaseApi } from '../lib.tsx';
import { OrderPanel } from './orders/OrderPanel.tsx';
import { QueueTable } from './orders/QueueTable.tsx';

type ReviewStatus = Schemas['Review']['status'];

const STATUSES: ReviewStatus[] = ['new', 'under_review', 'cleared', 'escalated'];

export default function OrdersPage({ params }: { params: URLSearchParams }): ReactNode {
  const [status, setStatus] = useState<string>(params.get('status') ?? 'new');
  const queue = useCaseApi('flags/queue', { status, limit: 200 });
  const selected = params.get('order');
  const rows = queue.data?.items ?? [];
  // The queue carries scores; the order's parties and goods come from the order list.
  const orders = useCaseApi('orders', { limit: 1000 });
  const byId = new Map((orders.data?.items ?? []).map((o) => [o.order_id, o]));
  const { caseRef, canWrite } = useApp();
  const [scoring, setScoring] = useState<ApiError | null | 'busy'>(null);
  const score = () => {
    setScoring('busy');
    api
      .post('/api/cases/{caseId}/flags/score', { caseId: caseRef.id })
      .then(() => {
        setScoring(null);
        queue.reload();
      })
      .catch((e: unknown) => setScoring(e as ApiError));
  };
  return (
    <section>
      <div className="page-head">
        <h1>Orders: red-flag queue</h1>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            data-testid="queue-status"
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        {canWrite ? (
          <button
            className="secondary"
            onClick={score}
            disabled={scoring === 'busy'}
            data-testid="score-orders"
          >
            {scoring === 'busy' ? 'Scoring…' : 'Re-score orders'}
          </button>
        ) : null}
        <ExportMenu
          kind="orders"
          label="Export these orders"
          query={{ ids: rows.map((r) => r.order_id).join(',') }}
        />
      </div>
      {scoring && scoring !== 'busy' ? <ErrorBox error={scoring} /> : null}
      <div className="split">
        <div className="card">
          <Missing loaded={queue} what="queue" />
          {queue.data ? (
            <div className="table-wrap">
              <QueueTable rows={rows} orders={byId} selected={selected} status={status} />
              {rows.length === 0 ? (
                <p className="muted">No scored orders with status “{status}”.</p>
              ) : null}
            </div>
          ) : null}
        </div>
        <aside className="side" aria-label="Order">
          {selected ? (
            <OrderPanel id={selected} onReviewed={() => queue.reload()} />
          ) : (
            <p className="muted">Choose an order to see its flags and their evidence.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
