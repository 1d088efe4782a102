import { hostname } from 'node:os';
import { sql, type CreateTableBuilder, type Kysely, type Selectable } from 'kysely';
import type { Job, JobLimits, JobState } from '../jobs/schema.ts';
import type { Store } from './connect.ts';
import {
  fetchQueueJob,
  liveQueueJobs,
  queueFor,
  sendQueueJob,
  settleQueueJob,
} from './job-queue.ts';
import type { Database, JobsTable } from './types.ts';

type ColumnBuilder = Parameters<CreateTableBuilder<string>['addColumn']>[2];
/** A column of the jobs table: name, type and constraints. */
type JobColumn = [name: string, type: 'text' | 'integer', build?: ColumnBuilder];

/** The jobs table's columns as 0009 made them. */
const JOB_COLUMNS: JobColumn[] = [
  ['id', 'text', (c) => c.primaryKey()],
  ['kind', 'text', (c) => c.notNull()],
  ['case_id', 'text'],
  ['state', 'text', (c) => c.notNull()],
  ['input', 'text', (c) => c.notNull()],
  ['progress_done', 'integer', (c) => c.notNull().defaultTo(0)],
  ['progress_total', 'integer', (c) => c.notNull().defaultTo(0)],
  ['stage', 'text', (c) => c.notNull().defaultTo('')],
  ['counts', 'text', (c) => c.notNull().defaultTo('{}')],
  ['result', 'text'],
  ['error', 'text'],
  ['created_by', 'text', (c) => c.notNull()],
  ['created_at', 'text', (c) => c.notNull()],
  ['started_at', 'text'],
  ['finished_at', 'text'],
  ['heartbeat_at', 'text'],
  ['worker', 'text'],
  ['runs_on', 'text'],
  ['cancel_requested', 'integer', (c) => c.notNull().defaultTo(0)],
  ['time_ms', 'integer', (c) => c.notNull()],
  ['memory_mb', 'integer', (c) => c.notNull()],
];

/** The jobs table with these columns, in this order. */
async function createJobs(db: Kysely<unknown>, columns: JobColumn[]): Promise<void> {
  let table = db.schema.createTable('jobs');
  for (const [name, type, build] of columns) table = table.addColumn(name, type, build);
  await table.execute();
}

/** The jobs table's two indexes: the queue by state, a user's jobs. */
async function indexJobs(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('jobs_state').on('jobs').columns(['state', 'created_at']).execute();
  await db.schema
    .createIndex('jobs_owner')
    .on('jobs')
    .columns(['created_by', 'created_at'])
    .execute();
}

/**
 * The `jobs` table: the record of every long operation (src/jobs), and on SQLite its queue
 * too (the file's single writer serialises the claims). On PostgreSQL the queue is
 * pg-boss's (src/store/job-queue.ts), shared by every `chokepoint worker` process: a row
 * is queued with its pg-boss job in one transaction, and claimed when a worker fetched
 * that job and the limits allow it.
 */
export async function createJobsTable(db: Kysely<unknown>): Promise<void> {
  await createJobs(db, JOB_COLUMNS);
  await indexJobs(db);
}

/** 0014: the pg-boss job that delivers a queued row on PostgreSQL (null on SQLite). */
export async function addQueueJobColumn(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('queue_job', 'text').execute();
}

/**
 * 0015, SQLite only: the jobs table rebuilt with `input` and `result` as its last columns.
 * SQLite stores a row's columns in order and a value past a page spills into a chain of
 * overflow pages, so reading the state or progress of a job with a 2 MB input walked that
 * chain (up to 170 ms a `GET /api/jobs/:id` while an import wrote). PostgreSQL keeps large
 * values out of line already (TOAST).
 */
export async function movePayloadsLast(db: Kysely<unknown>, dialect: string): Promise<void> {
  if (dialect !== 'sqlite') return;
  const payload = (c: JobColumn) => c[0] === 'input' || c[0] === 'result';
  // The columns as 0014 left them (queue_job added), the large ones last.
  const columns: JobColumn[] = [
    ...JOB_COLUMNS.filter((c) => !payload(c)),
    ['queue_job', 'text'],
    ...JOB_COLUMNS.filter(payload),
  ];
  await sql`alter table jobs rename to jobs_0014`.execute(db);
  await createJobs(db, columns);
  const names = sql.join(columns.map(([name]) => sql.ref(name)));
  await sql`insert into jobs (${names}) select ${names} from jobs_0014`.execute(db);
  await sql`drop table jobs_0014`.execute(db);
  await indexJobs(db);
}

/** This process, as the `worker` column names it: host and pid. */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

export interface NewJob {
  id: string;
  kind: string;
  case_id: string | null;
  input: unknown;
  created_by: string;
  limits: JobLimits;
  /** A host only whose workers may run it (an upload's file is on its disk); null: any. */
  runs_on?: string | null;
}

const now = () => new Date().toISOString();

export async function insertJob(store: Store, j: NewJob): Promise<void> {
  if (store.dialect === 'postgres') {
    await store.db.transaction().execute(async (trx) => {
      const queueJob = await sendQueueJob(store, trx, {
        id: j.id,
        runs_on: j.runs_on ?? null,
        time_ms: j.limits.time_ms,
      });
      await insertRow(trx, j, queueJob);
    });
  } else await insertRow(store.db, j, null);
}

async function insertRow(db: Kysely<Database>, j: NewJob, queueJob: string | null): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: j.id,
      kind: j.kind,
      case_id: j.case_id,
      state: 'queued',
      input: JSON.stringify(j.input ?? null),
      created_by: j.created_by,
      created_at: now(),
      runs_on: j.runs_on ?? null,
      time_ms: j.limits.time_ms,
      memory_mb: j.limits.memory_mb,
      queue_job: queueJob,
    })
    .execute();
}

function toJob(r: Omit<Selectable<JobsTable>, 'input' | 'result' | 'queue_job'>): Job {
  return {
    id: r.id,
    kind: r.kind,
    case_id: r.case_id,
    state: r.state as JobState,
    progress: { done: r.progress_done, total: r.progress_total, stage: r.stage },
    counts: JSON.parse(r.counts) as Record<string, number>,
    result_url: r.state === 'succeeded' ? `/api/jobs/${r.id}/result` : null,
    error: r.error ? (JSON.parse(r.error) as Job['error']) : null,
    created_by: r.created_by,
    created_at: r.created_at,
    started_at: r.started_at,
    finished_at: r.finished_at,
    cancel_requested: Boolean(r.cancel_requested),
    limits: { time_ms: r.time_ms, memory_mb: r.memory_mb },
  };
}

/** Every column but the input and the result, which can be large. */
const SUMMARY = [
  'id',
  'kind',
  'case_id',
  'state',
  'progress_done',
  'progress_total',
  'stage',
  'counts',
  'error',
  'created_by',
  'created_at',
  'started_at',
  'finished_at',
  'heartbeat_at',
  'worker',
  'runs_on',
  'cancel_requested',
  'time_ms',
  'memory_mb',
] as const;

export async function getJob(store: Store, id: string): Promise<Job | undefined> {
  const r = await store.db
    .selectFrom('jobs')
    .select(SUMMARY)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toJob(r) : undefined;
}

/** The worker (host:pid) that ran or runs each of these jobs, null for one never taken. */
export async function jobWorkers(store: Store, ids: string[]): Promise<Map<string, string | null>> {
  if (!ids.length) return new Map();
  const rows = await store.db
    .selectFrom('jobs')
    .select(['id', 'worker'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.worker]));
}

/** The pg-boss job delivering a queued row (PostgreSQL), null on SQLite. */
export async function queueJobOf(store: Store, id: string): Promise<string | null> {
  const r = await store.db
    .selectFrom('jobs')
    .select('queue_job')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.queue_job ?? null;
}

/** A job's input, as the handler receives it. */
export async function getJobInput(store: Store, id: string): Promise<unknown> {
  const r = await store.db
    .selectFrom('jobs')
    .select('input')
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? JSON.parse(r.input) : undefined;
}

/** A succeeded job's result as stored (JSON text), undefined before. */
export async function getJobResult(store: Store, id: string): Promise<string | undefined> {
  const r = await store.db
    .selectFrom('jobs')
    .select(['result', 'state'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.state === 'succeeded' && r.result !== null ? r.result : undefined;
}

export interface JobFilter {
  /** Only these users' jobs (undefined: anyone's). */
  createdBy?: string;
  /** Only jobs in these cases, plus the caller's own jobs outside any case. */
  caseIds?: string[];
  states?: JobState[];
  limit?: number;
}

/** Jobs newest first. */
export async function listJobs(store: Store, f: JobFilter = {}): Promise<Job[]> {
  let q = store.db.selectFrom('jobs').select(SUMMARY);
  if (f.createdBy !== undefined) q = q.where('created_by', '=', f.createdBy);
  if (f.caseIds !== undefined) {
    const ids = f.caseIds;
    q = q.where((eb) =>
      ids.length
        ? eb.or([eb('case_id', 'in', ids), eb('case_id', 'is', null)])
        : eb('case_id', 'is', null),
    );
  }
  if (f.states?.length) q = q.where('state', 'in', f.states);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit ?? 100)
    .execute();
  return rows.map(toJob);
}

export interface ClaimedJob {
  id: string;
  kind: string;
  created_by: string;
  time_ms: number;
  memory_mb: number;
  /** PostgreSQL: the pg-boss queue and job it came through, settled when it ends. */
  queue?: string;
  queue_job?: string;
}

export interface ClaimLimits {
  /** Jobs running at once across every worker sharing the store. */
  global: number;
  /** Jobs of one user running at once. */
  perUser: number;
}

/**
 * Takes the oldest queued job this worker may run, if the limits allow one more: marks it
 * running under `worker` and returns its id and kind. The global and per-user limits are
 * counted in the same statement; on PostgreSQL two workers claiming at the same instant
 * may each see the other's job not yet running, so a limit can be passed by one per
 * worker for that instant (the next claims see it).
 */
export async function claimJob(
  store: Store,
  worker: string,
  limits: ClaimLimits,
): Promise<ClaimedJob | undefined> {
  if (store.dialect === 'postgres') return claimFromQueue(store, worker, limits);
  // Oldest first; two jobs queued in the same millisecond in the order they were queued.
  const host = worker.slice(0, worker.lastIndexOf(':'));
  const at = now();
  const r = await sql<ClaimedJob>`
    update jobs set state = 'running', worker = ${worker}, started_at = ${at}, heartbeat_at = ${at}
    where id = (
      select q.id from jobs q
      where q.state = 'queued'
        and (q.runs_on is null or q.runs_on = ${host})
        and (select count(*) from jobs r where r.state = 'running') < ${limits.global}
        and (select count(*) from jobs u where u.state = 'running' and u.created_by = q.created_by) < ${limits.perUser}
      order by q.created_at, q.rowid
      limit 1
    ) and state = 'queued'
    returning id, kind, created_by, time_ms, memory_mb`.execute(store.db);
  return r.rows[0];
}

/** Deliveries looked at in one claim at most (each dropped or put back is one). */
const CLAIM_TRIES = 20;

/**
 * PostgreSQL: takes pg-boss deliveries until one's row can run here. A row no longer
 * queued (cancelled, already run) or delivered twice drops the delivery; a row whose user
 * (or everyone) is at the limit is put back a second later, behind the jobs queued since.
 */
async function claimFromQueue(
  store: Store,
  worker: string,
  limits: ClaimLimits,
): Promise<ClaimedJob | undefined> {
  for (let k = 0; k < CLAIM_TRIES; k++) {
    // Nothing queued (most looks of an idle worker), or everyone at the limit: pg-boss is
    // not asked.
    const look = await sql<{ running: number; queued: boolean }>`
      select (select count(*) from jobs where state = 'running') as running,
             exists (select 1 from jobs where state = 'queued') as queued`.execute(store.db);
    const { running, queued } = look.rows[0]!;
    if (!queued || Number(running) >= limits.global) return undefined;
    const got = await fetchQueueJob(store);
    if (!got) return undefined;
    const claimed = await claimRow(store, got.job_id, worker, limits);
    if (claimed) return { ...claimed, queue: got.queue, queue_job: got.queue_job };
    const row = await store.db
      .selectFrom('jobs')
      .select(['id', 'state', 'runs_on', 'time_ms', 'queue_job'])
      .where('id', '=', got.job_id)
      .executeTakeFirst();
    if (row?.state === 'queued' && row.queue_job === got.queue_job)
      await requeue(store, row, got.queue_job, 1);
    else await settleQueueJob(store, got.queue, got.queue_job, 'cancelled');
  }
  return undefined;
}

/** The row of a fetched delivery marked running, if it is queued and the limits allow it. */
async function claimRow(
  store: Store,
  id: string,
  worker: string,
  limits: ClaimLimits,
): Promise<ClaimedJob | undefined> {
  const host = worker.slice(0, worker.lastIndexOf(':'));
  const at = now();
  const r = await sql<ClaimedJob>`
    update jobs set state = 'running', worker = ${worker}, started_at = ${at}, heartbeat_at = ${at}
    where id = ${id} and state = 'queued'
      and (runs_on is null or runs_on = ${host})
      and (select count(*) from jobs r where r.state = 'running') < ${limits.global}
      and (select count(*) from jobs u where u.state = 'running' and u.created_by = jobs.created_by) < ${limits.perUser}
    returning id, kind, created_by, time_ms, memory_mb`.execute(store.db);
  return r.rows[0];
}

/**
 * A queued row gets a new pg-boss job (after `delaySeconds`) in place of `previous`, which
 * is settled: both in one transaction, so the row always has exactly one live delivery.
 */
async function requeue(
  store: Store,
  row: { id: string; runs_on: string | null; time_ms: number },
  previous: string | null,
  delaySeconds: number,
): Promise<void> {
  await store.db
    .transaction()
    .execute(async (trx) => {
      const next = await sendQueueJob(store, trx, row, delaySeconds);
      const r = await trx
        .updateTable('jobs')
        .set({ queue_job: next })
        .where('id', '=', row.id)
        .where('state', '=', 'queued')
        .where((eb) =>
          previous === null ? eb('queue_job', 'is', null) : eb('queue_job', '=', previous),
        )
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new RequeueRaced();
      if (previous) await settleQueueJob(store, queueFor(row.runs_on), previous, 'completed', trx);
    })
    .catch((e: unknown) => {
      // Someone else moved the row on meanwhile (claimed, cancelled, requeued): nothing to do.
      if (!(e instanceof RequeueRaced)) throw e;
    });
}

class RequeueRaced extends Error {}

/**
 * PostgreSQL: queued rows without a live pg-boss job (queued before pg-boss held the
 * queue, or their delivery was lost) are sent again; returns how many.
 */
export async function requeueStranded(store: Store): Promise<number> {
  if (store.dialect !== 'postgres') return 0;
  const rows = await store.db
    .selectFrom('jobs')
    .select(['id', 'runs_on', 'time_ms', 'queue_job'])
    .where('state', '=', 'queued')
    .orderBy('created_at')
    .limit(10_000)
    .execute();
  const live = await liveQueueJobs(
    store,
    rows.flatMap((r) => (r.queue_job ? [r.queue_job] : [])),
  );
  let n = 0;
  for (const r of rows) {
    if (r.queue_job && live.has(r.queue_job)) continue;
    await requeue(store, r, r.queue_job, 0);
    n++;
  }
  return n;
}

/** Puts a job claimed by a pool that closed meanwhile back in the queue, as it was. */
export async function unclaimJob(store: Store, job: ClaimedJob): Promise<void> {
  await store.db
    .updateTable('jobs')
    .set({ state: 'queued', worker: null, started_at: null, heartbeat_at: null })
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .execute();
  if (!job.queue_job) return;
  const row = await store.db
    .selectFrom('jobs')
    .select(['id', 'runs_on', 'time_ms'])
    .where('id', '=', job.id)
    .executeTakeFirst();
  if (row) await requeue(store, row, job.queue_job, 0);
}

/** PostgreSQL: ends a claimed job's pg-boss job as its row ended. */
export async function settleClaimed(store: Store, job: ClaimedJob): Promise<void> {
  if (!job.queue || !job.queue_job) return;
  const row = await store.db
    .selectFrom('jobs')
    .select('state')
    .where('id', '=', job.id)
    .executeTakeFirst();
  const state =
    row?.state === 'succeeded' ? 'completed' : row?.state === 'cancelled' ? 'cancelled' : 'failed';
  await settleQueueJob(store, job.queue, job.queue_job, state);
}

/** Progress and counts of a running job (and its heartbeat). */
export async function recordProgress(
  store: Store,
  id: string,
  p: { done: number; total: number; stage: string; counts: Record<string, number> },
): Promise<void> {
  await store.db
    .updateTable('jobs')
    .set({
      progress_done: Math.max(0, Math.round(p.done)),
      progress_total: Math.max(0, Math.round(p.total)),
      stage: p.stage.slice(0, 200),
      counts: JSON.stringify(p.counts),
      heartbeat_at: now(),
    })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

/** The heartbeat of the jobs a worker runs: a stale one means the worker is gone. */
export async function beat(store: Store, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await store.db
    .updateTable('jobs')
    .set({ heartbeat_at: now() })
    .where('id', 'in', ids)
    .where('state', '=', 'running')
    .execute();
}

/** Ends a job that was running (a job already ended stays as it ended). */
export async function finishJob(
  store: Store,
  id: string,
  end:
    | { state: 'succeeded'; result: string }
    | { state: 'failed' | 'cancelled'; error: Record<string, unknown> },
): Promise<boolean> {
  const r = await store.db
    .updateTable('jobs')
    .set({
      state: end.state,
      result: end.state === 'succeeded' ? end.result : null,
      error: end.state === 'succeeded' ? null : JSON.stringify(end.error),
      finished_at: now(),
    })
    .where('id', '=', id)
    .where('state', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Asks a job to stop: a queued one is cancelled at once, a running one is flagged and
 * its worker stops it (its signal aborts; past a grace period its thread is ended).
 */
export async function requestCancel(store: Store, id: string): Promise<void> {
  const cancel = (db: Kysely<Database>) =>
    db
      .updateTable('jobs')
      .set({
        state: 'cancelled',
        finished_at: now(),
        error: JSON.stringify({ code: 'CP_CANCELLED', message: 'cancelled before it started' }),
      })
      .where('id', '=', id)
      .where('state', '=', 'queued');
  if (store.dialect === 'postgres') {
    // Its pg-boss job is cancelled with it.
    await store.db.transaction().execute(async (trx) => {
      const r = await cancel(trx).returning(['queue_job', 'runs_on']).executeTakeFirst();
      if (r?.queue_job)
        await settleQueueJob(store, queueFor(r.runs_on), r.queue_job, 'cancelled', trx);
    });
  } else await cancel(store.db).execute();
  await store.db
    .updateTable('jobs')
    .set({ cancel_requested: 1 })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

/** Of the given running jobs, those whose cancellation was asked for. */
export async function cancelRequested(store: Store, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await store.db
    .selectFrom('jobs')
    .select('id')
    .where('id', 'in', ids)
    .where('cancel_requested', '=', 1)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Jobs left `running` by a worker that is gone: one of this host whose process no longer
 * exists (a crash, kill -9), or any whose heartbeat is older than `staleMs`. Each becomes
 * failed, saying why; returns how many.
 */
export async function failOrphanedJobs(
  store: Store,
  opts: { staleMs: number; alive: (worker: string) => boolean | undefined },
): Promise<number> {
  const rows = await store.db
    .selectFrom('jobs')
    .select(['id', 'worker', 'heartbeat_at', 'runs_on', 'queue_job'])
    .where('state', '=', 'running')
    .execute();
  const cutoff = new Date(Date.now() - opts.staleMs).toISOString();
  let n = 0;
  for (const r of rows) {
    const alive = r.worker ? opts.alive(r.worker) : false;
    const stale = (r.heartbeat_at ?? '') < cutoff;
    if (alive === true || (alive === undefined && !stale)) continue;
    const ok = await finishJob(store, r.id, {
      state: 'failed',
      error: {
        code: 'CP_JOB_LOST',
        message: `the worker running this job (${r.worker ?? 'unknown'}) stopped before it finished (crash or restart); nothing of it was kept: run it again`,
      },
    });
    if (!ok) continue;
    n++;
    if (r.queue_job)
      await settleQueueJob(store, queueFor(r.runs_on), r.queue_job, 'failed').catch(() => {});
  }
  return n;
}

/** Finished jobs older than the cutoff are deleted (their results with them). */
export async function pruneJobs(store: Store, olderThan: string): Promise<number> {
  const r = await store.db
    .deleteFrom('jobs')
    .where('state', 'in', ['succeeded', 'failed', 'cancelled'])
    .where('finished_at', '<', olderThan)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
