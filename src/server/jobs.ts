import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getJob, getJobResult } from '../store/jobs.ts';
import { DEFAULT_JOB_LIMITS, JobPool } from '../jobs/pool.ts';
import type { JobKind } from '../jobs/registry.ts';
import { jobError, submitJob, waitForJob } from '../jobs/submit.ts';
import type { JobLimits } from '../jobs/schema.ts';
import { sqliteBusyWait, sqliteLazyCheckpoints, type Store } from '../store/connect.ts';
import { userOf } from './auth.ts';

/**
 * The server's side of the jobs (src/jobs): its pool of worker threads, and how a long
 * route hands its work to a job and answers 202 instead of holding the event loop.
 */
export interface JobsOptions {
  /** Worker threads of the server's own pool (default 2); 0: only `chokepoint worker` processes run jobs. */
  threads?: number;
  /** Jobs running at once across every worker (default DEFAULT_JOB_LIMITS.global). */
  global?: number;
  /** Jobs of one user running at once (default DEFAULT_JOB_LIMITS.perUser). */
  perUser?: number;
  /** Per-job limits for jobs the API queues. */
  limits?: Partial<JobLimits>;
  /** The database URL the threads open (default: the store's own location). */
  url?: string;
}

export const DEFAULT_JOB_THREADS = 2;

/** Above these sizes a route answers 202 with a job; below, at once as before. */
export const ASYNC_THRESHOLDS = {
  /** Names in a match or screening request (left + right). */
  names: 500,
  /** Characters of text to extract incidents from. */
  extract_chars: 100_000,
};

/** The URL a worker thread opens the store with, when none was given. */
export function storeUrl(store: Store): string {
  if (store.dialect === 'sqlite') return store.location;
  return store.pgSchema
    ? `${store.location}${store.location.includes('?') ? '&' : '?'}schema=${store.pgSchema}`
    : store.location;
}

export async function installJobs(app: FastifyInstance, opts: JobsOptions = {}): Promise<void> {
  const pool = new JobPool(app.store, {
    threads: opts.threads ?? DEFAULT_JOB_THREADS,
    url: opts.url ?? storeUrl(app.store),
    limits: {
      global: opts.global ?? DEFAULT_JOB_LIMITS.global,
      perUser: opts.perUser ?? DEFAULT_JOB_LIMITS.perUser,
    },
    // A job that wrote (an import, scores) makes the case's cached analyses stale.
    onEnded: (id) => {
      getJob(app.store, id).then(
        (j) => {
          if (j?.case_id) app.caseCache.invalidate(j.case_id);
        },
        () => undefined, // the store closed meanwhile
      );
    },
  });
  // SQLite: while a job thread writes (an import holds the write lock until it commits),
  // the server's statements wait asynchronously instead of sleeping the event loop.
  // Nor does it copy a job's WAL into the database (the job's thread does, at its end).
  if ((opts.threads ?? DEFAULT_JOB_THREADS) > 0) {
    sqliteBusyWait(app.store, 0);
    sqliteLazyCheckpoints(app.store);
  }
  app.decorate('jobPool', pool);
  app.decorate('jobLimits', opts.limits ?? {});
  app.addHook('onReady', () => pool.start());
  app.addHook('onClose', () => pool.close());
}

/** Whether the client asked for the job's answer rather than waiting (RFC 7240). */
export function prefersAsync(req: FastifyRequest): boolean {
  const prefer = req.headers.prefer;
  return /(^|[,;\s])respond-async([,;\s]|$)/i.test(
    Array.isArray(prefer) ? prefer.join(',') : (prefer ?? ''),
  );
}

/** Queues a job for the caller and answers 202 with where to follow it. */
export async function acceptJob(
  req: FastifyRequest,
  reply: FastifyReply,
  job: { kind: JobKind; case_id: string | null; input: unknown; local?: boolean },
) {
  // Storing a large input (20 000 names) takes tens of ms on the loop: not in the same
  // turn as the route's own work on it (see yields.ts).
  await nextTurn();
  const created = await submitJob(req.server.store, {
    kind: job.kind,
    case_id: job.case_id,
    input: job.input,
    created_by: userOf(req).id,
    limits: req.server.jobLimits,
    runs_on: job.local ? hostname() : null,
  });
  req.server.jobPool.kick();
  req.auditDetail = { ...(req.auditDetail ?? {}), job_id: created.id };
  const status_url = `/api/jobs/${created.id}`;
  return reply.status(202).header('location', status_url).send({ job_id: created.id, status_url });
}

/**
 * Runs a job and waits for it, for a route whose answer stays synchronous (a PDF asked for
 * without `Prefer: respond-async`): the work is off the event loop all the same. Returns
 * the stored result; a failed job's coded error is thrown as the route's own.
 */
export async function runJobAndWait(
  req: FastifyRequest,
  job: { kind: JobKind; case_id: string | null; input: unknown },
): Promise<string> {
  const created = await submitJob(req.server.store, {
    ...job,
    created_by: userOf(req).id,
    limits: req.server.jobLimits,
  });
  req.server.jobPool.kick();
  const ended = await waitForJob(req.server.store, created.id);
  const result =
    ended.state === 'succeeded' ? await getJobResult(req.server.store, created.id) : undefined;
  if (result !== undefined) return result;
  throw jobError(ended);
}

declare module 'fastify' {
  interface FastifyInstance {
    jobPool: JobPool;
    jobLimits: Partial<JobLimits>;
  }
}
