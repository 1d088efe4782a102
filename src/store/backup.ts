import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ChokepointError } from '../core/errors.ts';
import { DEFAULT_CASE_ID } from '../core/ids.ts';
import { isPostgresUrl, openStore, sqliteHandle, type DialectName, type Store } from './connect.ts';

/**
 * Backup and restore of a whole store.
 *
 * - SQLite: the online backup API (better-sqlite3's `.backup()`), copied in one step, so
 *   the copy is one consistent snapshot even while the server writes (WAL readers do not
 *   block writers). Restore copies the file beside the target, checks and migrates it
 *   there, then renames it over the target: the target is the old or the new database,
 *   never half of one.
 * - PostgreSQL: `pg_dump --format=custom` of the store's schema (`?schema=` or `public`).
 *   Restore reads the archive with `pg_restore` into SQL, renames the dump's schema to the
 *   target's when they differ, and runs it with `psql` in one transaction (dropping and
 *   recreating the target schema first when `force` is given).
 */

export type BackupFormat = 'sqlite' | 'pg_dump';

export interface BackupInfo {
  file: string;
  dialect: DialectName;
  format: BackupFormat;
  bytes: number;
  /** The PostgreSQL schema dumped. */
  schema?: string;
}

export interface RestoreInfo {
  file: string;
  dialect: DialectName;
  format: BackupFormat;
  /** Whether a database with records was replaced (`force`). */
  replaced: boolean;
  /** The PostgreSQL schema restored into, and the one the dump was taken from. */
  schema?: string;
  from_schema?: string;
}

/** Tables whose rows make a store "not empty" (a fresh store holds only the default case). */
const CONTENT_TABLES = [
  'users',
  'sources',
  'incidents',
  'seizures',
  'items',
  'baseline',
  'entities',
  'orders',
  'lists',
  'audit_log',
] as const;

/** True when the store holds no records, users or audit rows, and no case but the default. */
export async function storeIsEmpty(store: Store): Promise<boolean> {
  const db = store.db;
  const cases = await db
    .selectFrom('cases')
    .select('id')
    .where('id', '<>', DEFAULT_CASE_ID)
    .limit(1)
    .execute();
  if (cases.length) return false;
  for (const t of CONTENT_TABLES) {
    const rows = await db
      .selectFrom(t)
      .select((eb) => eb.lit(1).as('one'))
      .limit(1)
      .execute();
    if (rows.length) return false;
  }
  return true;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PGDMP_MAGIC = 'PGDMP';

async function fileFormat(file: string): Promise<BackupFormat | undefined> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw new ChokepointError(
      'CP_IMPORT_BAD_FILE',
      `cannot read the backup: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { file },
    );
  }
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await fh.read(buf, 0, 16, 0);
    const head = buf.subarray(0, bytesRead).toString('latin1');
    if (head === SQLITE_MAGIC) return 'sqlite';
    if (head.startsWith(PGDMP_MAGIC)) return 'pg_dump';
    return undefined;
  } finally {
    await fh.close();
  }
}

function tempBeside(file: string, what: string): string {
  return join(
    dirname(file),
    `.${basename(file)}.${what}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

async function refuseExisting(file: string, force: boolean | undefined): Promise<void> {
  if (!force && existsSync(file)) {
    throw new ChokepointError('CP_CONFLICT', 'the backup file exists already', {
      file,
      expected: 'a new file name, or --force to replace it',
    });
  }
}

/**
 * Writes a backup of the store to `file` (written beside it and renamed into place).
 * `url` is the store's own address (with its password, which `pg_dump` needs).
 */
export async function backupStore(
  store: Store,
  url: string,
  file: string,
  opts: { force?: boolean } = {},
): Promise<BackupInfo> {
  await refuseExisting(file, opts.force);
  if (!existsSync(dirname(file) || '.')) {
    throw new ChokepointError('CP_BAD_OPTION', 'the backup directory does not exist', {
      file,
    });
  }
  const tmp = tempBeside(file, 'backup');
  try {
    if (store.dialect === 'sqlite') {
      const handle = sqliteHandle(store);
      if (!handle) throw new ChokepointError('CP_INTERNAL', 'no SQLite handle for the store');
      if (store.location === ':memory:')
        throw new ChokepointError('CP_UNSUPPORTED', 'an in-memory database cannot be backed up');
      // After the first step, every remaining page in one step: one read transaction, so
      // one snapshot, however many writes the server makes meanwhile.
      await handle.backup(tmp, { progress: () => 0x7fffffff });
      await rename(tmp, file);
      return { file, dialect: 'sqlite', format: 'sqlite', bytes: (await stat(file)).size };
    }
    const schema = store.pgSchema ?? 'public';
    const conn = pgConnection(url);
    await run(
      'pg_dump',
      [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--schema=${schema}`,
        `--file=${tmp}`,
        conn.url,
      ],
      conn.env,
    );
    await rename(tmp, file);
    return {
      file,
      dialect: 'postgres',
      format: 'pg_dump',
      bytes: (await stat(file)).size,
      schema,
    };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Restores a backup into the store at `url` (a SQLite file or a PostgreSQL URL with an
 * optional `?schema=`). A store that holds records is replaced only with `force`. The
 * restored store is migrated to the current schema before it takes the target's place.
 */
export async function restoreStore(
  url: string,
  file: string,
  opts: { force?: boolean } = {},
): Promise<RestoreInfo> {
  const format = await fileFormat(file);
  const dialect: DialectName = isPostgresUrl(url) ? 'postgres' : 'sqlite';
  if (!format) {
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'not a Chokepoint backup', {
      file,
      expected: 'a SQLite database file or a pg_dump custom-format archive',
    });
  }
  const wanted: BackupFormat = dialect === 'sqlite' ? 'sqlite' : 'pg_dump';
  if (format !== wanted) {
    throw new ChokepointError(
      'CP_UNSUPPORTED',
      `a ${format === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup cannot be restored into ${
        dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'
      }`,
      {
        file,
        expected: 'a backup of the same kind of database (to move between them, export and import)',
      },
    );
  }
  return dialect === 'sqlite' ? restoreSqlite(url, file, opts) : restorePostgres(url, file, opts);
}

/** Whether the target holds records; a target that cannot be opened counts as not empty. */
async function targetHasRecords(url: string): Promise<boolean> {
  if (isPostgresUrl(url) && !(await pgSchemaHasTables(url))) return false;
  let store: Store;
  try {
    store = await openStore({ url });
  } catch (e) {
    if (!isPostgresUrl(url)) return true;
    throw e;
  }
  try {
    return !(await storeIsEmpty(store));
  } finally {
    await store.close();
  }
}

function refuseNonEmpty(url: string): never {
  throw new ChokepointError('CP_CONFLICT', 'the target database is not empty', {
    field: 'db',
    expected: 'an empty or new database, or --force to replace it',
    got: isPostgresUrl(url) ? safeUrl(url) : url,
  });
}

async function restoreSqlite(
  target: string,
  file: string,
  opts: { force?: boolean },
): Promise<RestoreInfo> {
  if (target === ':memory:')
    throw new ChokepointError('CP_UNSUPPORTED', 'cannot restore into an in-memory database');
  const exists = existsSync(target) && (await stat(target)).size > 0;
  const replaced = exists && (await targetHasRecords(target));
  if (replaced && !opts.force) refuseNonEmpty(target);
  const tmp = tempBeside(target, 'restore');
  try {
    await copyFile(file, tmp);
    const check = new SQLite(tmp, { fileMustExist: true });
    let verdict: string;
    try {
      verdict = String(check.pragma('quick_check', { simple: true }));
    } catch (e) {
      verdict = (e as Error).message;
    } finally {
      check.close();
    }
    if (verdict !== 'ok') {
      throw new ChokepointError('CP_IMPORT_BAD_FILE', `the backup is damaged: ${verdict}`, {
        file,
      });
    }
    // Migrated in place beside the target, then swapped in with one rename.
    const restored = await openStore({ url: tmp });
    await restored.close();
    for (const ext of ['-wal', '-shm']) await rm(`${tmp}${ext}`, { force: true });
    // A stale write-ahead log of the replaced database must not be replayed onto the new one.
    for (const ext of ['-wal', '-shm']) await rm(`${target}${ext}`, { force: true });
    await rename(tmp, target);
  } catch (e) {
    for (const ext of ['', '-wal', '-shm']) await rm(`${tmp}${ext}`, { force: true });
    throw e;
  }
  return { file, dialect: 'sqlite', format: 'sqlite', replaced };
}

async function restorePostgres(
  url: string,
  file: string,
  opts: { force?: boolean },
): Promise<RestoreInfo> {
  const conn = pgConnection(url);
  const target = conn.schema ?? 'public';
  const listing = await run('pg_restore', ['--list', file], conn.env);
  const from = /^\d+; \d+ \d+ TABLE (\S+) /m.exec(listing)?.[1];
  if (!from || !/^[a-z_][a-z0-9_]*$/.test(from)) {
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'the archive holds no Chokepoint schema', {
      file,
    });
  }
  const replaced = await targetHasRecords(url);
  if (replaced && !opts.force) refuseNonEmpty(url);
  // Both programs must be there before anything is dropped.
  await run('psql', ['--version'], conn.env);

  // pg_restore writes the archive as SQL; psql runs it in one transaction, after the target
  // schema is dropped and made again (it holds no records, or --force said to replace them).
  const restore = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', file], {
    env: { ...process.env, ...conn.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const psql = spawn(
    'psql',
    [
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '-v',
      'ON_ERROR_STOP=1',
      '--file=-',
      conn.url,
    ],
    { env: { ...process.env, ...conn.env }, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const errors = { pg_restore: '', psql: '' };
  restore.stderr.on('data', (d: Buffer) => (errors.pg_restore += d.toString()));
  psql.stderr.on('data', (d: Buffer) => (errors.psql += d.toString()));
  const exited = Promise.all([exitCode(restore, 'pg_restore'), exitCode(psql, 'psql')]);
  exited.catch(() => undefined);
  psql.stdin.on('error', () => undefined);
  let psqlGone = false;
  // One listener for the whole run (a race per write would pile them up).
  const psqlClosed = new Promise<void>((done) =>
    psql.once('close', () => {
      psqlGone = true;
      done();
    }),
  );

  const write = async (line: string) => {
    if (psqlGone) return;
    if (!psql.stdin.write(`${line}\n`)) await Promise.race([once(psql.stdin, 'drain'), psqlClosed]);
  };
  await write(`DROP SCHEMA IF EXISTS ${target} CASCADE;`);
  await write(`CREATE SCHEMA ${target};`);
  const qualified = new RegExp(`\\b${from}\\.`, 'g');
  let inCopy = false;
  for await (const line of createInterface({ input: restore.stdout, crlfDelay: Infinity })) {
    if (inCopy) {
      if (line === '\\.') inCopy = false;
      await write(line);
      continue;
    }
    if (/^(CREATE|ALTER|COMMENT ON) SCHEMA /.test(line)) continue;
    const out = from === target ? line : line.replace(qualified, `${target}.`);
    if (/^COPY .* FROM stdin;$/.test(out)) inCopy = true;
    await write(out);
  }
  psql.stdin.end();
  const [rc1, rc2] = await exited;
  if (rc1 !== 0 || rc2 !== 0) {
    const which = rc1 !== 0 ? 'pg_restore' : 'psql';
    throw new ChokepointError(
      'CP_DB_UNAVAILABLE',
      `${which} failed: ${(errors[which] || `exit ${rc1 !== 0 ? rc1 : rc2}`).trim().slice(0, 2000)}`,
      { file },
    );
  }
  // An archive of an older version is brought up to date.
  const restored = await openStore({ url });
  await restored.close();
  return {
    file,
    dialect: 'postgres',
    format: 'pg_dump',
    replaced,
    schema: target,
    from_schema: from,
  };
}

/** Whether the target schema holds any table (a new one is empty without being migrated). */
async function pgSchemaHasTables(url: string): Promise<boolean> {
  const conn = pgConnection(url);
  const client = new pg.Client({
    connectionString: conn.url,
    ...(conn.env.PGPASSWORD ? { password: conn.env.PGPASSWORD } : {}),
  });
  try {
    await client.connect();
  } catch (e) {
    throw new ChokepointError(
      'CP_DB_UNAVAILABLE',
      `cannot reach PostgreSQL at ${safeUrl(url)}: ${(e as Error).message}`,
    );
  }
  try {
    const r = await client.query(
      'select count(*)::int as n from information_schema.tables where table_schema = $1',
      [conn.schema ?? 'public'],
    );
    return Number((r.rows[0] as { n: number }).n) > 0;
  } finally {
    await client.end();
  }
}

// --- PostgreSQL client programs ------------------------------------------------------------

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The URL the client programs get (no password, no `schema`), the password in the environment. */
function pgConnection(url: string): { url: string; env: Record<string, string>; schema?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ChokepointError('CP_DB_URL', 'DATABASE_URL is not a valid URL', {
      expected: 'postgres://user@host:port/db',
    });
  }
  const schema = u.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new ChokepointError('CP_DB_URL', 'bad PostgreSQL schema name', {
      field: 'schema',
      expected: 'lower-case letters, digits and _',
    });
  }
  u.searchParams.delete('schema');
  const env: Record<string, string> = {};
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env, schema };
}

function exitCode(child: ReturnType<typeof spawn>, program: string): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new ChokepointError('CP_UNSUPPORTED', `${program} is not on PATH`, {
              expected: `the PostgreSQL client programs (${program}) of the server's version`,
            })
          : e,
      ),
    );
    child.once('close', (code) => resolve(code ?? -1));
  });
}

/** Runs a client program to its end; its stdout, or a coded error with its stderr. */
async function run(program: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(program, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await exitCode(child, program);
  if (code !== 0) {
    throw new ChokepointError(
      'CP_DB_UNAVAILABLE',
      `${program} failed: ${(stderr || `exit ${code}`).trim().slice(0, 2000)}`,
    );
  }
  return stdout;
}
