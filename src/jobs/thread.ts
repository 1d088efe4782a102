import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { postedError } from '../core/errors.ts';
import { connectChromium, shareBrowser } from '../reports/pdf.ts';
import { openStore, sqliteCheckpoint } from '../store/connect.ts';
import { getJobInput } from '../store/jobs.ts';
import { cancelledError, executeJob } from './execute.ts';

/**
 * A worker thread's entry (see pool.ts): opens its own store, runs the one job it was
 * given, and says how it ended. Cancellation arrives as a message and aborts the
 * handler's signal; the pool ends the thread if the handler does not stop in time.
 */
export interface ThreadJob {
  url: string;
  id: string;
  kind: string;
  actor: string;
}

export type ThreadMessage =
  | { ok: true }
  | { ok: false; error: ReturnType<typeof postedError> }
  /** A PDF is to be printed: the pool answers with its one chromium's endpoint. */
  | { need: 'browser' };

export type PoolMessage = { cancel: string } | { browser: string } | { browser_error: string };

/** The nice value of a job thread (0 the loop's, 19 the lowest). */
const JOB_NICE = 10;
const job = workerData as ThreadJob;
// A job runs below the server's event loop (Linux nices this thread only): when both want
// the CPU, the loop answering requests gets it first (issue 18: health stalled while the
// job threads and chromium took both cores).
try {
  setPriority(0, JOB_NICE);
} catch {
  // Not permitted here: the job runs at the loop's priority.
}
const port = parentPort!;
const controller = new AbortController();
let browserAnswer: ((m: PoolMessage) => void) | undefined;
port.on('message', (m: PoolMessage) => {
  if ('cancel' in m) controller.abort(cancelledError());
  else browserAnswer?.(m);
});
// Every PDF of every thread prints in the pool's one chromium (issue 18: eight bulletins
// had started 32 chromium processes).
shareBrowser(async () => {
  const answer = new Promise<PoolMessage>((r) => (browserAnswer = r));
  port.postMessage({ need: 'browser' } satisfies ThreadMessage);
  const m = await answer;
  if ('browser_error' in m) throw new Error(m.browser_error);
  return connectChromium((m as { browser: string }).browser);
});

const store = await openStore({ url: job.url });
try {
  const input = await getJobInput(store, job.id);
  await executeJob(store, { ...job, input }, controller.signal);
  port.postMessage({ ok: true } satisfies ThreadMessage);
} catch (e) {
  port.postMessage({ ok: false, error: postedError(e) } satisfies ThreadMessage);
} finally {
  // What the job wrote goes from the WAL into the database here, off the server's loop,
  // and the WAL is emptied.
  try {
    sqliteCheckpoint(store);
  } catch {
    // Busy: a later checkpoint copies it.
  }
  await store.close().catch(() => undefined);
  // Ends this thread even while something keeps its loop alive (a connection to chromium).
  process.exit(0);
}
