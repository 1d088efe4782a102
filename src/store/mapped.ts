import { newId } from '../core/ids.ts';
import { toChokepointError } from '../core/errors.ts';
import type { Mapped } from '../documents/mapping.ts';
import type { Store } from './connect.ts';
import { IMPORT_KINDS } from './importer.ts';

/**
 * Writes what a mapped spreadsheet made (issue 21, item 6) through each kind's own import
 * writer (entities as `import ftm`, orders as `import orders`, incidents as `import
 * incidents`), all in one transaction with its entry in the import log: all or nothing. A
 * refused write leaves the store as it was and is logged with its error.
 */
export async function writeMapped(
  store: Store,
  caseId: string,
  file: string,
  mapped: Mapped,
): Promise<void> {
  const startedAt = new Date().toISOString();
  const id = newId('imp');
  const rows = mapped.entities.length + mapped.orders.length + mapped.incidents.length;
  const log = (status: string, error: string | null, n: number) => ({
    id,
    case_id: caseId,
    kind: 'mapped',
    file,
    rows: n,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    status,
    error,
    mapping: null,
  });
  try {
    await store.db.transaction().execute(async (trx) => {
      const none = () => undefined;
      // Entities first: the orders' parties then resolve to them, as after `import ftm`.
      if (mapped.entities.length) await IMPORT_KINDS.ftm!.write(trx, caseId, mapped.entities, none);
      if (mapped.orders.length) await IMPORT_KINDS.orders!.write(trx, caseId, mapped.orders, none);
      if (mapped.incidents.length)
        await IMPORT_KINDS.incidents!.write(trx, caseId, mapped.incidents, none);
      await trx
        .insertInto('imports')
        .values(log('done', null, rows))
        .execute();
    });
  } catch (e) {
    const err = toChokepointError(e);
    await store.db
      .insertInto('imports')
      .values(log('refused', JSON.stringify(err.toJSON()), 0))
      .execute()
      .catch(() => undefined);
    throw err;
  }
}
