import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  CompiledQuery,
  SqliteDialect,
  type SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
} from 'kysely';
import pg from 'pg';
import { ChokepointError } from '../core/errors.ts';
import { DEFAULT_CASE_ID } from '../core/ids.ts';
import { ensureCase } from './cases.ts';
import { migrations } from './migrations.ts';
import type { Database } from './types.ts';

// Re-exported: callers that open a store often make a case right after.
export { ensureCase };

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the store lives, with any password removed, for messages. */
  location: string;
  /** The PostgreSQL schema in use when one was chosen (`?schema=` or `pgSchema`). */
  pgSchema?: string;
  close(): Promise<void>;
}

/**
 * The raw better-sqlite3 handle of each SQLite store, kept off the `Store` object: only
 * modules of src/store reach it (through `sqliteHandle`), for the bulk paths and fixed
 * reads that Kysely's async wrapper would slow. The architecture test refuses an import
 * of `sqliteHandle` from outside src/store.
 */
const sqliteHandles = new WeakMap<Store, SQLite.Database>();

/** The raw handle of a SQLite store, undefined on PostgreSQL. For src/store only. */
export function sqliteHandle(store: Store): SQLite.Database | undefined {
  return sqliteHandles.get(store);
}

/** The pg pool of each PostgreSQL store, for COPY (src/store/copy.ts), which Kysely cannot issue. */
const pgPools = new WeakMap<Store, pg.Pool>();

/** The pg pool of a PostgreSQL store, undefined on SQLite. For src/store only. */
export function pgPool(store: Store): pg.Pool | undefined {
  return pgPools.get(store);
}

export interface OpenOptions {
  /** A file path, `:memory:`, or a `postgres://` URL. Defaults to DATABASE_URL, then ./chokepoint.db. */
  url?: string;
  /** PostgreSQL schema to use (created if missing); tests use one schema per suite. */
  pgSchema?: string;
}

export function defaultDatabaseUrl(): string {
  return process.env.DATABASE_URL || './chokepoint.db';
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the store and applies pending migrations; a default case always exists. */
export async function openStore(opts: OpenOptions = {}): Promise<Store> {
  const url = opts.url ?? defaultDatabaseUrl();
  const store = isPostgresUrl(url) ? await openPostgres(url, opts.pgSchema) : openSqlite(url);
  try {
    await migrate(store);
    await ensureCase(store.db, DEFAULT_CASE_ID, 'Default case');
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

function openSqlite(file: string): Store {
  let handle: SQLite.Database;
  try {
    handle = new SQLite(file);
  } catch (e) {
    throw new ChokepointError(
      'CP_DB_UNAVAILABLE',
      `cannot open SQLite database: ${(e as Error).message}`,
      { file },
    );
  }
  // WAL lets the server read while an import writes; foreign keys are off by default in SQLite.
  if (file !== ':memory:') handle.pragma('journal_mode = WAL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: handle }) });
  const store: Store = {
    db,
    dialect: 'sqlite',
    location: file,
    close: async () => {
      await db.destroy();
    },
  };
  sqliteHandles.set(store, handle);
  return store;
}

/**
 * SQLite with write transactions begun IMMEDIATE: the job threads (src/jobs) write the
 * same file through connections of their own, and a DEFERRED transaction that read before
 * another connection wrote cannot take the write lock (SQLITE_BUSY, not retried by
 * busy_timeout); begun IMMEDIATE it waits its turn instead. A statement refused as busy
 * is retried after an asynchronous pause, so that a store whose busy wait is off
 * (`sqliteBusyWait(store, 0)`, the server's) waits for a job's write without holding its
 * event loop, as better-sqlite3's own busy wait would (it sleeps the thread).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver() as SqliteDriver;
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    const acquire = driver.acquireConnection.bind(driver);
    const patched = new WeakSet<DatabaseConnection>();
    driver.acquireConnection = async () => {
      const connection = await acquire();
      if (!patched.has(connection)) {
        patched.add(connection);
        const execute = connection.executeQuery.bind(connection);
        connection.executeQuery = (<R>(q: CompiledQuery) =>
          retryWhileBusy(() => execute<R>(q))) as DatabaseConnection['executeQuery'];
      }
      return connection;
    };
    return driver;
  }
}

/** How long a statement is retried while another connection holds the write lock. */
const BUSY_RETRY_MS = 60_000;

async function retryWhileBusy<T>(run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() - started > BUSY_RETRY_MS) throw e;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/**
 * How long a SQLite statement of this store waits, holding its thread, for another
 * connection's write lock (default 5 s); 0 for the server, whose statements then wait
 * asynchronously (see ImmediateSqliteDialect). Nothing on PostgreSQL.
 */
export function sqliteBusyWait(store: Store, ms: number): void {
  sqliteHandles.get(store)?.pragma(`busy_timeout = ${Math.max(0, Math.round(ms))}`);
}

/**
 * Leaves the WAL's checkpoints to other connections (the job threads, see
 * `sqliteCheckpoint`) up to `pages` pages: a small write of the server would otherwise copy
 * a whole import's WAL into the database (hundreds of MB) synchronously on its event loop;
 * 250 000 pages (~1 GB) is a bound for a server whose jobs never run.
 */
export function sqliteLazyCheckpoints(store: Store, pages = 250_000): void {
  sqliteHandles.get(store)?.pragma(`wal_autocheckpoint = ${pages}`);
}

/**
 * Copies the WAL into the database and empties it (TRUNCATE: waits, up to the busy
 * timeout, for readers to move on). For a job thread, which may block.
 */
export function sqliteCheckpoint(store: Store): void {
  sqliteHandles.get(store)?.pragma('wal_checkpoint(TRUNCATE)');
}

async function openPostgres(url: string, schema?: string): Promise<Store> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ChokepointError('CP_DB_URL', 'DATABASE_URL is not a valid URL', {
      expected: 'postgres://user@host:port/db',
    });
  }
  const pgSchema = schema ?? parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (pgSchema && !/^[a-z_][a-z0-9_]*$/.test(pgSchema)) {
    throw new ChokepointError('CP_DB_URL', 'bad PostgreSQL schema name', {
      field: 'schema',
      expected: 'lower-case letters, digits and _',
    });
  }
  const safe = new URL(parsed.toString());
  safe.password = '';
  const location = safe.toString();
  // int8 (count(*), sums) arrives as text by default; our counts fit in a double.
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 8,
    ...(pgSchema ? { options: `-c search_path=${pgSchema}` } : {}),
  });
  try {
    const client = await pool.connect();
    try {
      if (pgSchema) await client.query(`create schema if not exists ${pgSchema}`);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new ChokepointError(
      'CP_DB_UNAVAILABLE',
      `cannot reach PostgreSQL at ${location}: ${(e as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store: Store = {
    db,
    dialect: 'postgres',
    pgSchema,
    location,
    close: async () => {
      await db.destroy();
    },
  };
  pgPools.set(store, pool);
  return store;
}

async function migrate(store: Store): Promise<void> {
  const all = migrations(store.dialect);
  const provider: MigrationProvider = { getMigrations: async () => all };
  // Kysely looks for its migration tables across every schema unless told which one: with
  // several schemas in one database (one per test suite, or per team) it would find another
  // schema's lock table and skip creating its own.
  const migrator = new Migrator({
    db: store.db,
    provider,
    ...(store.pgSchema ? { migrationTableSchema: store.pgSchema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's check for its tables reads the catalogue of every schema: another schema
  // dropped meanwhile (another suite's, another team's) fails that read with "schema … does
  // not exist" though ours is fine. Such a failure is retried, a few times.
  for (let i = 0; i < 5 && error && isOtherSchemaGone(error, store.pgSchema); i++) {
    await new Promise((r) => setTimeout(r, 50 * (i + 1)));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new ChokepointError(
      'CP_DB_UNAVAILABLE',
      `migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`,
    );
  }
}

function isOtherSchemaGone(error: unknown, ours: string | undefined): boolean {
  const m = /schema "([^"]+)" does not exist/.exec((error as Error)?.message ?? '');
  return m !== null && m[1] !== ours;
}

/** SQLite's quick_check of the file ("ok" when sound); undefined on PostgreSQL. */
export function sqliteQuickCheck(store: Store): string | undefined {
  const h = sqliteHandles.get(store);
  return h ? String(h.pragma('quick_check', { simple: true })) : undefined;
}

/** Drops a PostgreSQL schema; for tests that made one of their own. */
export async function dropPostgresSchema(store: Store, schema: string): Promise<void> {
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
  // With it, the job queue's schema derived from it (src/store/job-queue.ts queueSchema).
  await sql`drop schema if exists ${sql.id(`${schema}_pgboss`)} cascade`.execute(store.db);
}
