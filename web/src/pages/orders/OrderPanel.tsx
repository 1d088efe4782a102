import { useState, type ReactNode } from 'react';
import { api, type ApiError } from '../../api.ts';
import { DossierLinks } from '../../components/DossierLinks.tsx';
import { FlagList } from '../../components/FlagList.tsx';
import {
  ErrorBox,
  fmt,
  isoDateTime,
  Missing,
  Sources,
  text,
  useApp,
  useCaseApi,
} from '../../lib.tsx';
import { href, navigate } from '../../router.ts';

/** The fields that name a party: each opens the party's entity page. */
const PARTIES = new Set<string>(['seller', 'buyer', 'payer', 'consignee']);

/** An order with its flags and their evidence, its score history and reviews, and the review form. */
export function OrderPanel({ id, onReviewed }: { id: string; onReviewed: () => void }): ReactNode {
  const { caseRef, canWrite } = useApp();
  const loaded = useCaseApi('orders/{id}', { id });
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const d = loaded.data;
  if (!d) return <Missing loaded={loaded} what="order" />;
  const flags = d.flags?.flags ?? [];
  const likelihood = d.flags?.likelihood;
  const review = (next: 'cleared' | 'escalated') => {
    setError(null);
    api
      .post(
        '/api/cases/{caseId}/orders/{id}/review',
        { caseId: caseRef.id, id },
        {
          status: next,
          reason,
        },
      )
      .then(() => {
        setDone(next);
        setReason('');
        loaded.reload();
        onReviewed();
      })
      .catch((e: unknown) => setError(e as ApiError));
  };
  return (
    <div className="detail" data-testid="order-panel">
      <h2>Order {d.order_id}</h2>
      <DossierLinks kind="order" id={d.order_id} />
      <dl className="fields">
        {(
          [
            'order_date',
            'seller',
            'buyer',
            'buyer_city',
            'buyer_business',
            'goods',
            'quantity',
            'unit',
            'value',
            'currency',
            'payer',
            'payment_method',
            'consignee',
            'route',
          ] as const
        ).map((k) =>
          d[k] !== null && d[k] !== '' ? (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k.replace(/_/g, ' ')}</dt>
              <dd>
                {PARTIES.has(k) ? (
                  <a href={href('entity', { q: text(d[k]) })}>{text(d[k])}</a>
                ) : (
                  text(d[k])
                )}
              </dd>
            </div>
          ) : null,
        )}
      </dl>
      <p>
        Status: <strong data-testid="order-status">{d.status}</strong>
        {likelihood !== undefined ? (
          <>
            {' '}
            · likelihood of illegal procurement: <strong>{fmt(likelihood * 100, 0)} %</strong>
          </>
        ) : null}
      </p>
      <h3>Why it is flagged</h3>
      {d.flags ? <FlagList flags={flags} /> : <p className="muted">Not scored yet.</p>}
      {d.score_history.length ? (
        <>
          <h3>Score history</h3>
          <ul className="plain-list">
            {d.score_history.map((h, i) => (
              <li key={i}>
                {isoDateTime(h.scored_at)} · {fmt(h.likelihood * 100, 0)} %
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Reviews</h3>
      {d.reviews.length === 0 ? <p className="muted">Not reviewed yet.</p> : null}
      <ul className="plain-list">
        {d.reviews.map((r, i) => (
          <li key={i}>
            <strong>{r.status}</strong> by {r.decided_by ?? '?'} on {isoDateTime(r.decided_at)}:{' '}
            {r.reason}
          </li>
        ))}
      </ul>
      {canWrite ? (
        <form
          onSubmit={(e) => e.preventDefault()}
          aria-label="Review this order"
          data-testid="review-form"
        >
          <label style={{ width: '100%' }}>
            Reason (required)
            <textarea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              rows={3}
              required
            />
          </label>
          <div className="filters" style={{ marginTop: '0.4rem' }}>
            <button type="button" disabled={!reason.trim()} onClick={() => review('cleared')}>
              Clear
            </button>
            <button
              type="button"
              className="danger"
              disabled={!reason.trim()}
              onClick={() => review('escalated')}
            >
              Escalate
            </button>
          </div>
          {done ? (
            <p className="ok" role="status">
              Order {done}.{' '}
              <button
                className="link"
                type="button"
                onClick={() => navigate('orders', { status: done })}
              >
                See the {done} list
              </button>
            </p>
          ) : null}
          <ErrorBox error={error} />
        </form>
      ) : (
        <p className="muted">Your role in this case is read-only.</p>
      )}
      <h3>Sources</h3>
      <Sources items={d.evidence} label="Sources" />
    </div>
  );
}
