import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChokepointError, fromPostedError, toChokepointError } from '../core/errors.ts';
import type { Store } from '../store/connect.ts';
import { maintainQueue } from '../store/job-queue.ts';
import {
  beat,
  cancelRequested,
  claimJob,
  failOrphanedJobs,
  finishJob,
  getJobInput,
  requeueStranded,
  settleClaimed,
  unclaimJob,
  workerName,
  type ClaimedJob,
  type ClaimLimits,
} from '../store/jobs.ts';
import { cancelledError, executeJob } from './execute.ts';
import { startChromiumServer, type ChromiumServer } from '../reports/pdf.ts';
import type { PoolMessage, ThreadJob, ThreadMessage } from './thread.ts';

/**
 * The limits a pool runs jobs under, with their defaults. Per job: a wall-clock time and a
 * heap size (the thread's resourceLimits). Across jobs: how many run at once in all, and
 * of one user, counted over every worker sharing the store (src/store/jobs.ts claimJob).
 */
export interface PoolOptions {
  /** Worker threads of this pool (jobs it runs at once); 0 takes no job. */
  threads: number;
  limits: ClaimLimits;
  /** How the threads open the store (the full URL, password included). */
  url: string;
  /** Seconds between looks at the queue when nothing woke the pool (default 0.5). */
  pollMs?: number;
  /** A running job whose heartbeat is older than this is taken for lost (default 60 s). */
  staleMs?: number;
  /** After a cancel or the time limit, how long the handler has to stop before its thread is ended. */
  graceMs?: number;
  /** Called when a job this pool ran has ended (the server drops its cached analyses). */
  onEnded?: (jobId: string) => void;
}

export const DEFAULT_JOB_LIMITS = {
  /** Jobs running at once, all users, all workers. */
  global: 4,
  /** Jobs of one user running at once. */
  perUser: 2,
  /** A job's wall-clock limit. */
  time_ms: 30 * 60_000,
  /** A job's heap limit. */
  memory_mb: 1536,
};

interface Running {
  id: string;
  stop?: (reason: ChokepointError) => void;
  reason?: ChokepointError;
  done: Promise<void>;
}

/**
 * Takes jobs from the `jobs` table and runs each in a worker thread of its own, which
 * opens its own store: the event loop of the process that owns the pool only claims,
 * watches and ends jobs. The server has one (`--job-threads`), `chokepoint worker` is one.
 * A store the threads cannot open (SQLite `:memory:`) runs its jobs on this thread.
 */
export class JobPool {
  readonly worker = workerName();
  private running = new Map<string, Running>();
  private timer?: NodeJS.Timeout;
  private beatTimer?: NodeJS.Timeout;
  private ticking = false;
  /** The look at the queue under way, which close() waits for. */
  private ticked: Promise<void> = Promise.resolve();
  private again = false;
  private stopped = false;
  private chromium?: Promise<ChromiumServer>;

  constructor(
    private store: Store,
    private opts: PoolOptions,
  ) {}

  /** Fails the jobs a dead worker left running, then starts taking jobs. */
  async start(): Promise<void> {
    await recoverJobs(this.store, this.opts.staleMs);
    await requeueStranded(this.store);
    if (this.opts.threads <= 0) return;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs ?? 500);
    this.beatTimer = setInterval(() => void this.heartbeat(), 5_000);
    this.timer.unref();
    this.beatTimer.unref();
    this.kick();
  }

  /** Looks at the queue now (a job was just queued, or one ended). */
  kick(): void {
    if (this.stopped || this.opts.threads <= 0) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    this.ticked = this.tick()
      .catch(() => undefined)
      .finally(() => {
        this.ticking = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  get size(): number {
    return this.running.size;
  }

  private async tick(): Promise<void> {
    const ids = [...this.running.keys()];
    for (const id of await cancelRequested(this.store, ids)) this.stopJob(id, cancelledError());
    while (!this.stopped && this.running.size < this.opts.threads) {
      const job = await claimJob(this.store, this.worker, this.opts.limits);
      if (!job) break;
      // Closed while claiming: the job goes back to the queue for another pool.
      if (this.stopped) {
        await unclaimJob(this.store, job);
        break;
      }
      this.launch(job);
    }
  }

  private async heartbeat(): Promise<void> {
    await beat(this.store, [...this.running.keys()]).catch(() => undefined);
    await recoverJobs(this.store, this.opts.staleMs).catch(() => undefined);
    if (this.store.dialect === 'postgres') {
      await requeueStranded(this.store).catch(() => undefined);
      await maintainQueue(this.store).catch(() => undefined);
    }
  }

  private stopJob(id: string, reason: ChokepointError): void {
    const r = this.running.get(id);
    if (!r || r.reason) return;
    r.reason = reason;
    r.stop?.(reason);
  }

  private launch(job: ClaimedJob): void {
    const entry: Running = { id: job.id, done: Promise.resolve() };
    this.running.set(job.id, entry);
    const limit = setTimeout(
      () =>
        this.stopJob(
          job.id,
          new ChokepointError(
            'CP_LIMIT_EXCEEDED',
            `the job ran past its time limit (${Math.round(job.time_ms / 1000)} s) and was stopped`,
            { expected: `at most ${job.time_ms} ms` },
          ),
        ),
      job.time_ms,
    );
    const run = threadsCanOpen(this.opts.url)
      ? this.inThread(job, entry)
      : this.onThisThread(job, entry);
    entry.done = run
      .then(
        () => undefined,
        (e: unknown) => this.end(job.id, entry.reason ?? toChokepointError(e)),
      )
      // PostgreSQL: its pg-boss job ends as the row ended.
      .then(() => settleClaimed(this.store, job).catch(() => undefined))
      .finally(() => {
        clearTimeout(limit);
        this.running.delete(job.id);
        this.opts.onEnded?.(job.id);
        this.kick();
      });
  }

  private async end(id: string, error: ChokepointError): Promise<void> {
    const state = error.code === 'CP_CANCELLED' ? 'cancelled' : 'failed';
    // What is stored is shown to the caller: an unexpected failure says no more than the API
    // would (its stack goes to the log).
    let err = error;
    if (err.code === 'CP_INTERNAL') {
      console.error(`job ${id} failed: ${err.message}`);
      err = new ChokepointError('CP_INTERNAL', 'internal error while running the job');
    }
    await finishJob(this.store, id, { state, error: err.toJSON() as Record<string, unknown> });
  }

  /** The job in a worker thread; resolves once it succeeded, rejects with why it did not. */
  private inThread(job: ClaimedJob, entry: Running): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const data: ThreadJob = {
        url: this.opts.url,
        id: job.id,
        kind: job.kind,
        actor: job.created_by,
      };
      const w = new Worker(threadSource(), {
        eval: true,
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: job.memory_mb },
      });
      let outcome: Exclude<ThreadMessage, { need: 'browser' }> | undefined;
      let failure: unknown;
      entry.stop = () => {
        w.postMessage({ cancel: job.id } satisfies PoolMessage);
        const t = setTimeout(() => void w.terminate(), this.opts.graceMs ?? 2_000);
        t.unref();
      };
      w.on('message', (m: ThreadMessage) => {
        if ('need' in m) void this.browserFor(w);
        else outcome = m;
      });
      w.on('error', (e: Error & { code?: string }) => {
        failure =
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ChokepointError(
                'CP_LIMIT_EXCEEDED',
                `the job used more memory than its limit (${job.memory_mb} MB) and was stopped`,
                { expected: `at most ${job.memory_mb} MB of heap` },
              )
            : e;
      });
      w.on('exit', (code) => {
        if (outcome?.ok) resolve();
        else if (outcome) reject(fromPostedError(outcome.error));
        else
          reject(
            failure ??
              new ChokepointError('CP_JOB_LOST', `the job's thread ended (exit code ${code})`),
          );
      });
    });
  }

  /** Starts the pool's one chromium on first need and tells the thread where it is. */
  private async browserFor(w: Worker): Promise<void> {
    this.chromium ??= startChromiumServer(process.env.CHOKEPOINT_CHROMIUM);
    let m: PoolMessage;
    try {
      m = { browser: (await this.chromium).endpoint };
    } catch (e) {
      this.chromium = undefined;
      m = { browser_error: (e as Error).message };
    }
    try {
      w.postMessage(m);
    } catch {
      // The thread has ended meanwhile.
    }
  }

  private async onThisThread(job: ClaimedJob, entry: Running): Promise<void> {
    const controller = new AbortController();
    entry.stop = (reason) => controller.abort(reason);
    const input = await getJobInput(this.store, job.id);
    await executeJob(
      this.store,
      { id: job.id, kind: job.kind, input, actor: job.created_by },
      controller.signal,
    );
  }

  /** Stops taking jobs; running ones are cancelled and waited for. */
  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.beatTimer);
    await this.ticked;
    const all = [...this.running.values()];
    for (const r of all)
      this.stopJob(
        r.id,
        new ChokepointError(
          'CP_JOB_LOST',
          'the worker was shut down while the job ran: run it again',
        ),
      );
    await Promise.allSettled(all.map((r) => r.done));
    const chromium = this.chromium;
    this.chromium = undefined;
    if (chromium) (await chromium.catch(() => undefined))?.close();
  }
}

/**
 * Marks failed the jobs whose worker is gone: on this host, a process that no longer
 * exists (kill -9, a crash); anywhere, a heartbeat older than `staleMs`.
 */
export function recoverJobs(store: Store, staleMs = 60_000): Promise<number> {
  const here = hostname();
  return failOrphanedJobs(store, {
    staleMs,
    alive: (worker) => {
      const i = worker.lastIndexOf(':');
      if (worker.slice(0, i) !== here) return undefined;
      const pid = Number(worker.slice(i + 1));
      if (pid === process.pid) return undefined;
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
  });
}

function threadsCanOpen(url: string): boolean {
  return url !== ':memory:' && url !== '';
}

/** The thread's code: the built module, or the TypeScript one through tsx (tests, dev). */
function threadSource(): string {
  if (import.meta.url.endsWith('.js')) {
    return `await import(${JSON.stringify(new URL('./thread.js', import.meta.url).href)});`;
  }
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  const mod = new URL('./thread.ts', import.meta.url).href;
  return `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(mod)});`;
}
