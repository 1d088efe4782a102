import { once } from 'node:events';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pgPool, type Store } from './connect.ts';
import type { Database } from './types.ts';

/**
 * PostgreSQL's COPY for bulk writes (issue 24, item 1), inside the same all-or-nothing
 * transaction as the rest of an import. Kysely cannot issue COPY, so a transaction that
 * may copy runs on one pooled client of its own (`inTransaction`): a Kysely instance
 * bound to that client runs the ordinary statements, and `copyClient` hands the same
 * client to the COPY writers, so both sit between one BEGIN and one COMMIT.
 */
const copyClients = new WeakMap<object, pg.PoolClient>();

/** The client a transaction from `inTransaction` runs on, for COPY; undefined elsewhere (SQLite, a Kysely transaction). */
export function copyClient(db: Kysely<Database>): pg.PoolClient | undefined {
  return copyClients.get(db);
}

/**
 * Runs `fn` in one transaction: Kysely's own on SQLite; on PostgreSQL a BEGIN … COMMIT on
 * a dedicated client, through which `copyClient(db)` can COPY. A throw rolls it all back.
 */
export async function inTransaction<T>(
  store: Store,
  fn: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const pool = pgPool(store);
  if (!pool) return store.db.transaction().execute((trx: Transaction<Database>) => fn(trx));
  const client = await pool.connect();
  // The one client, lent to Kysely as a pool that never gives it back until we do.
  const single = {
    connect: async () => ({
      query: client.query.bind(client),
      release: () => undefined,
    }),
    end: async () => undefined,
  };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }),
  });
  copyClients.set(db, client);
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const out = await fn(db);
    await client.query('commit');
    return out;
  } catch (e) {
    await client.query('rollback').catch((r: Error) => (broken = r));
    throw e;
  } finally {
    await db.destroy();
    // A client whose rollback failed is in an unknown state: destroyed, not reused.
    client.release(broken);
  }
}

/** COPY's text format: a tab between fields, \N for null, backslash escapes (PostgreSQL docs, "COPY", File Formats). */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

/**
 * A COPY … FROM STDIN into `table` (its `columns`) on the client: `write` takes lines
 * already in COPY's text format, `ready` resolves when the socket has drained (undefined
 * when it need not wait), `end` finishes the COPY and resolves with the rows copied.
 */
export function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
): {
  write(lines: string): void;
  ready(): Promise<void> | undefined;
  end(): Promise<number>;
  abort(): Promise<void>;
} {
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  let failed: Error | undefined;
  stream.on('error', (e: Error) => (failed = e));
  let full = false;
  return {
    write(lines) {
      if (failed) throw failed;
      if (!stream.write(lines)) full = true;
    },
    ready() {
      if (failed) return Promise.reject(failed);
      if (!full) return undefined;
      full = false;
      // events.once rejects when the stream emits 'error' meanwhile.
      return once(stream, 'drain').then(() => undefined);
    },
    async end() {
      if (failed) throw failed;
      const finished = once(stream, 'finish');
      stream.end();
      await finished;
      return Number(stream.rowCount ?? 0);
    },
    /**
     * Abandons the COPY (a CopyFail to the server) so that the connection can take the
     * ROLLBACK: without it the client would wait for the rest of the copy for ever.
     */
    async abort() {
      if (stream.destroyed || stream.writableFinished) return;
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy(new Error('import abandoned'));
      await closed;
    },
  };
}
