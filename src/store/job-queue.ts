import { hostname } from 'node:os';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import { ChokepointError } from '../core/errors.ts';
import { pgPool, type Store } from './connect.ts';
import type { Database } from './types.ts';

/**
 * The PostgreSQL job queue, held by pg-boss (issue 18): our `jobs` table stays the record
 * users see (src/store/jobs.ts), and each queued row has one pg-boss job carrying its id
 * (`jobs.queue_job`), sent in the same transaction as the row. Workers on any machine take
 * work with pg-boss's fetch (SKIP LOCKED), and a row becomes `running` only through a
 * conditional update, so a delivery whose row is no longer queued (cancelled, already run)
 * is dropped: pg-boss never retries (retryLimit 0) and our row, not pg-boss, says whether a
 * job ran. pg-boss keeps its tables in a schema of its own (see queueSchema).
 */

/** Jobs any worker may run. */
export const SHARED_QUEUE = 'chokepoint-jobs';

/** Jobs only the workers of one host may run (an upload's file is on its disk). */
export function hostQueue(host: string): string {
  return `chokepoint-jobs-on-${host}`;
}

export function queueFor(runsOn: string | null): string {
  return runsOn ? hostQueue(runsOn) : SHARED_QUEUE;
}

/**
 * pg-boss's schema: CHOKEPOINT_QUEUE_SCHEMA, else `pgboss`, or `<schema>_pgboss` when the
 * database URL chose a schema (`?schema=`): stores in different schemas of one database
 * (teams, test suites) have different `jobs` tables, so they must not share a queue.
 */
export function queueSchema(store: Store): string {
  const name =
    process.env.CHOKEPOINT_QUEUE_SCHEMA || (store.pgSchema ? `${store.pgSchema}_pgboss` : 'pgboss');
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(name))
    throw new ChokepointError('CP_DB_URL', 'bad job queue schema name', {
      field: 'CHOKEPOINT_QUEUE_SCHEMA',
      expected: 'lower-case letters, digits and _, at most 50',
    });
  return name;
}

interface Queue {
  boss: PgBoss;
  schema: string;
  /** Queues created by this process (pg-boss 10 refuses a job for a queue not created). */
  created: Map<string, Promise<void>>;
  creating: Promise<unknown>;
  maintainedAt: number;
}

const queues = new WeakMap<Store, Promise<Queue>>();

/**
 * The store's pg-boss, installed (its schema created or migrated) on first use. It has a
 * small pool of its own (its maintenance runs multi-statement transactions, which must not
 * leave one of the store's connections in an aborted transaction), closed with the store;
 * no timers (no cron, no supervision: the job pools call `maintainQueue`).
 */
function queueOf(store: Store): Promise<Queue> {
  let q = queues.get(store);
  if (!q) {
    q = openQueue(store);
    queues.set(store, q);
    q.catch(() => queues.delete(store));
  }
  return q;
}

async function openQueue(store: Store): Promise<Queue> {
  const pool = pgPool(store);
  if (!pool) throw new ChokepointError('CP_INTERNAL', 'the job queue is on PostgreSQL only');
  const schema = queueSchema(store);
  const { options: _searchPath, ...connection } = pool.options;
  // Loaded here, not at the top: a job thread, and anything on SQLite, never needs it.
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({
    ...connection,
    schema,
    max: 3,
    allowExitOnIdle: true,
    application_name: 'chokepoint-queue',
    schedule: false,
    supervise: false,
    migrate: true,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (e) => console.error(`job queue: ${e.message}`));
  await boss.start();
  // Its pool closes with the store's (a database is then free to be dropped at once).
  const closeStore = store.close;
  store.close = async () => {
    queues.delete(store);
    await boss.stop({ graceful: false }).catch(() => undefined);
    await closeStore();
  };
  return { boss, schema, created: new Map(), creating: Promise.resolve(), maintainedAt: 0 };
}

async function ensureQueue(q: Queue, name: string): Promise<void> {
  let made = q.created.get(name);
  if (!made) {
    // One at a time: creating a queue attaches a partition to pg-boss's job table, and two
    // at once deadlock (another process doing the same is retried).
    made = q.creating.then(() => createQueue(q.boss, name));
    q.creating = made.catch(() => undefined);
    q.created.set(name, made);
    made.catch(() => q.created.delete(name));
  }
  await made;
}

async function createQueue(boss: PgBoss, name: string): Promise<void> {
  for (let k = 0; ; k++) {
    try {
      return await boss.createQueue(name, { name, policy: 'standard', retryLimit: 0 });
    } catch (e) {
      if ((e as { code?: string }).code !== '40P01' || k >= 5) throw e;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 100));
    }
  }
}

/** pg-boss's statements inside one of our transactions (its `db` option). */
function inTransaction(trx: Kysely<Database>): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const r = await trx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: r.rows as unknown[] as never[] };
    },
  };
}

/** pg-boss's expiry of an active job: past its time limit, with room for the grace period. */
function expireSeconds(timeMs: number): number {
  return Math.min(23 * 3600, Math.ceil(timeMs / 1000) + 120);
}

export interface QueueDelivery {
  /** Our job's id. */
  job_id: string;
}

/**
 * Sends the pg-boss job of a row inside the caller's transaction; returns its id, to be
 * kept in `jobs.queue_job`. `startAfterSeconds` puts it back a little later (a job whose
 * user is at their limit).
 */
export async function sendQueueJob(
  store: Store,
  trx: Kysely<Database>,
  job: { id: string; runs_on: string | null; time_ms: number },
  startAfterSeconds = 0,
): Promise<string> {
  const q = await queueOf(store);
  const name = queueFor(job.runs_on);
  await ensureQueue(q, name);
  const id = await q.boss.send(name, { job_id: job.id } satisfies QueueDelivery, {
    retryLimit: 0,
    expireInSeconds: expireSeconds(job.time_ms),
    ...(startAfterSeconds > 0 ? { startAfter: startAfterSeconds } : {}),
    db: inTransaction(trx),
  });
  if (!id) throw new ChokepointError('CP_INTERNAL', `the job queue refused job ${job.id}`);
  return id;
}

export interface Fetched {
  queue: string;
  queue_job: string;
  job_id: string;
}

/** The next delivery for a worker of this host: its own host's queue first, then the shared one. */
export async function fetchQueueJob(store: Store): Promise<Fetched | undefined> {
  const q = await queueOf(store);
  for (const name of [hostQueue(hostname()), SHARED_QUEUE]) {
    await ensureQueue(q, name);
    const [got] = await q.boss.fetch<QueueDelivery>(name, { batchSize: 1 });
    if (got) return { queue: name, queue_job: got.id, job_id: got.data.job_id };
  }
  return undefined;
}

/** Ends a pg-boss job as our job ended (or drops a delivery that will not run). */
export async function settleQueueJob(
  store: Store,
  queue: string,
  queueJob: string,
  state: 'completed' | 'failed' | 'cancelled',
  trx?: Kysely<Database>,
): Promise<void> {
  const q = await queueOf(store);
  const db = trx ? { db: inTransaction(trx) } : {};
  // complete and fail take an output before their options.
  if (state === 'completed') await q.boss.complete(queue, queueJob, {}, db);
  else if (state === 'failed') await q.boss.fail(queue, queueJob, {}, db);
  else await q.boss.cancel(queue, queueJob, db);
}

/**
 * pg-boss's own housekeeping (jobs active past their expiry failed, finished ones archived,
 * then deleted), at most every five minutes per process; its statements take an advisory
 * lock, so workers doing it at once wait for each other.
 */
export async function maintainQueue(store: Store): Promise<void> {
  const q = await queueOf(store);
  if (Date.now() - q.maintainedAt < 5 * 60_000) return;
  q.maintainedAt = Date.now();
  await q.boss.maintain();
}

/** The pg-boss jobs, of these ids, that are still waiting or being taken. */
export async function liveQueueJobs(store: Store, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const q = await queueOf(store);
  const r = await sql<{ id: string }>`
    select id::text as id from ${sql.table(`${q.schema}.job`)}
    where id = any(${ids}::uuid[]) and state in ('created', 'retry', 'active')`.execute(store.db);
  return new Set(r.rows.map((row) => row.id));
}
