import { parentPort, workerData } from 'node:worker_threads';
import { postedError } from '../core/errors.ts';
import { openStore } from '../store/connect.ts';
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

export type ThreadMessage = { ok: true } | { ok: false; error: ReturnType<typeof postedError> };

const job = workerData as ThreadJob;
const port = parentPort!;
const controller = new AbortController();
port.on('message', (m: { cancel?: string }) => {
  if (m.cancel) controller.abort(cancelledError());
});

const store = await openStore({ url: job.url });
try {
  const input = await getJobInput(store, job.id);
  await executeJob(store, { ...job, input }, controller.signal);
  port.postMessage({ ok: true } satisfies ThreadMessage);
} catch (e) {
  port.postMessage({ ok: false, error: postedError(e) } satisfies ThreadMessage);
} finally {
  await store.close();
  port.close();
}
