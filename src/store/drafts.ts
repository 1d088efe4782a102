import type { Kysely } from 'kysely';
import type { Evidence, Source } from '../core/provenance.ts';
import type { Order } from '../network/orders.ts';
import { IMPORT_KINDS } from './importer.ts';
import { decideDraft, ensureDocumentSource } from './mentions.ts';
import { addEvidence } from './sources.ts';
import type { Database } from './types.ts';

// Apart from mentions.ts, which the migrations import: the importer must not load with them
// (its kinds would be read before the incidents module that defines some has finished).

/**
 * Confirms a draft in one transaction: the order written by the orders import's own writer
 * (parties resolved, indexed), the document as its source, the draft marked confirmed.
 */
export async function confirmDraftAsOrder(
  db: Kysely<Database>,
  caseId: string,
  draftId: string,
  a: { order: Order; source: Source; link: Evidence; decided_by: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await IMPORT_KINDS.orders!.write(trx, caseId, [a.order], () => undefined);
    await ensureDocumentSource(trx, caseId, a.source);
    await addEvidence(trx, caseId, [a.link]);
    await decideDraft(trx, caseId, draftId, {
      state: 'confirmed',
      order_id: a.order.order_id,
      fields: a.order,
      decided_by: a.decided_by,
    });
  });
}
