import type { ReactNode } from 'react';
import type { Schemas } from '../../api.ts';
import { fmt, Missing, useCaseApi } from '../../lib.tsx';

type Candidate = Schemas['TraceResult']['candidates'][number];

const SIGN = { for: '+', against: '−', neutral: '·' } as const;

/** One candidate order: its score, the evidence for and against, the chain and its red flags. */
function CandidateCard({ c, rank }: { c: Candidate; rank: number }): ReactNode {
  return (
    <li className="trace-candidate" data-testid="trace-candidate">
      <p>
        <strong>
          {rank}. {c.order_id}
        </strong>{' '}
        <span className="likelihood">{fmt(c.score, 3)}</span> ({fmt(c.points, 1)} points){' '}
        {c.excluded ? <span className="tag">ruled out</span> : null}{' '}
        <span className="muted">
          {c.order_date ?? 'undated'} · {c.seller ?? ''} → {c.buyer ?? ''} · {c.part_number ?? ''}
          {c.lot ? ` · lot ${c.lot}` : ''}
          {c.serial_first ? ` · serials ${c.serial_first} … ${c.serial_last ?? ''}` : ''}
        </span>
      </p>
      <ul className="sources">
        {c.evidence.map((e, i) => (
          <li key={i} data-testid="trace-evidence" data-for-or-against={e.for_or_against}>
            {SIGN[e.for_or_against]} <code>{e.code}</code> {e.detail}
          </li>
        ))}
      </ul>
      {c.chain.length ? (
        <p className="meta" data-testid="trace-chain">
          {c.chain.map((l, i) => (
            <span key={l.id}>
              {i > 0 ? ' → ' : ''}
              {l.name} <span className="tag">{l.role}</span>
            </span>
          ))}
        </p>
      ) : null}
      {c.flags ? (
        <p className="meta">
          Red flags ({c.flags.source === 'stored' ? 'latest stored score' : 'scored now'}):
          likelihood {fmt(c.flags.likelihood, 3)}
          {c.flags.codes.length ? ` · ${c.flags.codes.join(', ')}` : ''}
        </p>
      ) : null}
    </li>
  );
}

/** The Trace panel of an item: candidate orders, best first, and the incidents around its seizure. */
export function TracePanel({
  itemId,
  onClose,
}: {
  itemId: string;
  onClose: () => void;
}): ReactNode {
  const trace = useCaseApi('trace/{itemId}', { itemId, limit: 5 });
  const r = trace.data;
  return (
    <div className="card" data-testid="trace-panel">
      <h2>
        Trace {itemId}{' '}
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </h2>
      <Missing loaded={trace} what="candidate orders" />
      {r ? (
        <>
          <p className="muted">
            {r.candidates.length} candidate order(s) of {fmt(r.considered)} naming the part
            {r.item.model ? ` ${r.item.model}` : ''}, best first.
          </p>
          {r.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
          <ol className="plain">
            {r.candidates.map((c, i) => (
              <CandidateCard key={c.order_id} c={c} rank={i + 1} />
            ))}
          </ol>
          {r.nearby ? (
            <>
              <h3>
                Incidents within {r.nearby.km} km, {r.nearby.days_before} days before the seizure
              </h3>
              {r.nearby.incidents.length ? (
                <ul className="sources" data-testid="trace-nearby">
                  {r.nearby.incidents.map((i) => (
                    <li key={i.id}>
                      {i.date} · {i.place ?? ''} · {i.attack_type ?? ''} · {fmt(i.distance_km, 1)}{' '}
                      km, {i.days_before} day(s) before
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">None.</p>
              )}
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
