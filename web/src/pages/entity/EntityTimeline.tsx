import type { ReactNode } from 'react';
import { text } from '../../lib.tsx';
import { href } from '../../router.ts';
import type { EntityPageData } from './types.ts';

interface Dated {
  date: string;
  what: string;
  to: string;
}

/** The entity's dated facts, oldest first: its orders and the start and end of its relations. */
function datedFacts(page: EntityPageData): Dated[] {
  const out: Dated[] = [];
  for (const o of page.orders)
    if (o.order_date)
      out.push({
        date: o.order_date,
        what: `Order ${o.order_id}: ${text(o.goods)} (${o.seller} → ${o.buyer})`,
        to: href('orders', { order: o.order_id }),
      });
  for (const r of page.relations) {
    const other = r.other?.caption ?? (r.source_id === page.entity.id ? r.target_id : r.source_id);
    const to = href('entity', { id: r.other?.id ?? other });
    if (r.start_date) out.push({ date: r.start_date, what: `${r.schema} with ${other}`, to });
    if (r.end_date) out.push({ date: r.end_date, what: `${r.schema} with ${other} ends`, to });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

export function EntityTimeline({ page }: { page: EntityPageData }): ReactNode {
  const facts = datedFacts(page);
  if (facts.length === 0) return <p className="muted">No dated fact.</p>;
  return (
    <ol className="timeline-list" data-testid="entity-timeline">
      {facts.map((f, i) => (
        <li key={i}>
          <span className="date">{f.date}</span> <a href={f.to}>{f.what}</a>
        </li>
      ))}
    </ol>
  );
}
