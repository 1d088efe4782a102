import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiError, type Schemas } from '../../api.ts';
import { ErrorBox, Loading, fmt, useApp, useCaseApi } from '../../lib.tsx';
import type { MentionsSlotProps } from './slot.ts';

type Mention = Schemas['Mention'];
type Draft = Schemas['DraftOrder'];
type Xref = Schemas['DocumentXref'];

/**
 * The mentions of a document page (issue 21, items 3–5), mounted in the document viewer's
 * slot: the list with accept (as evidence for the entity it names, or a record given),
 * reject, the page's spans reported for marking; the document's draft order and its
 * cross-references below.
 */
export default function Mentions({ documentId, page, onHighlights }: MentionsSlotProps): ReactNode {
  const list = useCaseApi('documents/{id}/mentions', { id: documentId });
  const onPage = useMemo(
    () => (list.data?.items ?? []).filter((m) => m.page === page),
    [list.data, page],
  );
  useEffect(() => {
    onHighlights(
      onPage
        .filter((m) => m.state !== 'rejected')
        .map((m) => ({ start: m.start, end: m.end, kind: m.kind })),
    );
  }, [onPage, onHighlights]);

  if (list.loading) return <Loading what="mentions" />;
  if (!list.data) return <ErrorBox error={list.error} />;
  return (
    <div data-testid="mentions">
      <h2>Mentions on this page</h2>
      {onPage.length === 0 ? <p className="muted">No mentions on this page.</p> : null}
      <ul className="mention-list">
        {onPage.map((m) => (
          <MentionRow key={m.id} mention={m} onChanged={list.reload} />
        ))}
      </ul>
      <DraftPanel documentId={documentId} />
      <XrefPanel documentId={documentId} />
    </div>
  );
}

function MentionRow({
  mention: m,
  onChanged,
}: {
  mention: Mention;
  onChanged: () => void;
}): ReactNode {
  const { caseRef, canWrite } = useApp();
  const [recordId, setRecordId] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const params = { caseId: caseRef.id, id: m.id };
  const decide = (p: Promise<unknown>) =>
    p.then(onChanged).catch((e: unknown) => setError(e as ApiError));
  const accept = () =>
    decide(
      api.post('/api/cases/{caseId}/mentions/{id}/accept', params, {
        credibility: 3,
        ...(recordId ? { record_id: recordId } : {}),
      }),
    );
  return (
    <li data-kind={m.kind} data-state={m.state} data-testid="mention">
      <mark data-field={m.kind}>{m.text}</mark> <span className="muted">{m.kind}</span>
      {m.normalized !== m.text ? <span className="muted"> · {m.normalized}</span> : null}
      {m.entity_id ? <span> · entity {m.entity_id}</span> : null}
      <span> · {m.state}</span>
      {m.state === 'accepted' && m.record_id ? (
        <span>
          {' '}
          (evidence for {m.record_kind} {m.record_id})
        </span>
      ) : null}
      {canWrite && m.state === 'proposed' ? (
        <span className="actions">
          {' '}
          {m.entity_id ? null : (
            <input
              aria-label="record id to link"
              placeholder="entity id"
              value={recordId}
              onChange={(e) => setRecordId(e.target.value)}
              size={12}
            />
          )}
          <button disabled={!m.entity_id && !recordId} onClick={accept}>
            Accept
          </button>{' '}
          <button
            onClick={() => decide(api.post('/api/cases/{caseId}/mentions/{id}/reject', params))}
          >
            Reject
          </button>
        </span>
      ) : null}
      <ErrorBox error={error} />
    </li>
  );
}

const DRAFT_FIELDS = [
  'order_id',
  'order_date',
  'seller',
  'buyer',
  'goods',
  'hs_code',
  'quantity',
  'unit',
  'value',
  'currency',
  'payer',
  'payment_method',
  'consignee',
  'route',
] as const;

/** The draft order read from this document, if it is paperwork, with confirm and discard. */
function DraftPanel({ documentId }: { documentId: string }): ReactNode {
  const { caseRef, canWrite } = useApp();
  const drafts = useCaseApi('drafts', { document_id: documentId });
  const [business, setBusiness] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const draft: Draft | undefined = drafts.data?.items[0];
  if (!draft) return null;
  const confirm = () =>
    api
      .post(
        '/api/cases/{caseId}/drafts/{id}/confirm',
        { caseId: caseRef.id, id: draft.id },
        { set: business ? { buyer_business: business } : {} },
      )
      .then((r) => {
        setResult(
          `order ${r.order.order_id}: likelihood ${fmt(r.likelihood, 3)} (${r.flags.length} flag(s))`,
        );
        drafts.reload();
      })
      .catch((e: unknown) => setError(e as ApiError));
  const fields = draft.fields as Record<string, unknown>;
  return (
    <section data-testid="draft-order">
      <h2>
        Draft order ({draft.kind.replace('_', ' ')}, {draft.state})
      </h2>
      <dl className="fields">
        {DRAFT_FIELDS.filter((f) => fields[f] !== undefined && fields[f] !== null).map((f) => (
          <span key={f}>
            <dt>{f}</dt>
            <dd>{String(fields[f])}</dd>
          </span>
        ))}
      </dl>
      {canWrite && draft.state === 'draft' ? (
        <p>
          <input
            aria-label="buyer's business"
            placeholder="buyer's business"
            value={business}
            onChange={(e) => setBusiness(e.target.value)}
          />{' '}
          <button onClick={confirm}>Confirm as order</button>{' '}
          <button
            onClick={() =>
              api
                .post('/api/cases/{caseId}/drafts/{id}/discard', {
                  caseId: caseRef.id,
                  id: draft.id,
                })
                .then(drafts.reload)
                .catch((e: unknown) => setError(e as ApiError))
            }
          >
            Discard
          </button>
        </p>
      ) : null}
      {result ? <p data-testid="draft-result">{result}</p> : null}
      <ErrorBox error={error} />
    </section>
  );
}

/** Cross-references of the document's names against the lists and the user's other cases. */
function XrefPanel({ documentId }: { documentId: string }): ReactNode {
  const { caseRef, canWrite } = useApp();
  const stored = useCaseApi('xref', { document_id: documentId });
  const [error, setError] = useState<ApiError | null>(null);
  const run = () =>
    api
      .post('/api/cases/{caseId}/xref', { caseId: caseRef.id }, { document_id: documentId })
      .then(stored.reload)
      .catch((e: unknown) => setError(e as ApiError));
  const decide = (x: Xref, decision: 'match' | 'no_match') =>
    api
      .post(
        '/api/cases/{caseId}/xref/{id}/decision',
        { caseId: caseRef.id, id: x.id },
        { decision },
      )
      .then(stored.reload)
      .catch((e: unknown) => setError(e as ApiError));
  const items = stored.data?.items ?? [];
  return (
    <section data-testid="xref">
      <h2>Cross-references</h2>
      {canWrite ? <button onClick={run}>Cross-reference names</button> : null}
      {items.length === 0 ? <p className="muted">None yet.</p> : null}
      <ul>
        {items.map((x) => (
          <li key={x.id}>
            {x.name} (p. {x.page}) ↔ {x.entity_name}{' '}
            <span className="muted">
              {x.target === 'list' ? `list ${x.list ?? ''}` : `case ${x.target_case_id ?? ''}`} ·
              score {fmt(x.score, 2)}
            </span>{' '}
            {x.decision ? (
              <strong>{x.decision.replace('_', ' ')}</strong>
            ) : canWrite ? (
              <>
                <button onClick={() => decide(x, 'match')}>Match</button>{' '}
                <button onClick={() => decide(x, 'no_match')}>No match</button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorBox error={error} />
    </section>
  );
}
