import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from './types.ts';

/** Parameters per statement stay under SQLite's limit (32766) and PostgreSQL's (65535). */
const MAX_PARAMS = 30_000;

/**
 * Inserts many rows in as few statements as the parameter limits allow, replacing rows
 * whose key already exists: re-importing a file updates its records instead of failing.
 */
export async function upsertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  key: readonly string[],
  onProgress?: (done: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const update = columns.filter((c) => !key.includes(c));
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    // The dynamic table name defeats Kysely's per-table typing; the rows are typed above.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const q = (db as Kysely<any>).insertInto(table).values(chunk);
    await (
      update.length
        ? q.onConflict((oc) =>
            oc
              .columns(key as string[])
              .doUpdateSet(
                Object.fromEntries(update.map((c) => [c, sql.ref(`excluded.${c}`)])) as never,
              ),
          )
        : q.onConflict((oc) => oc.columns(key as string[]).doNothing())
    ).execute();
    onProgress?.(Math.min(rows.length, i + size));
  }
}
