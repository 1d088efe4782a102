import { ChokepointError, toChokepointError } from '../core/errors.ts';
import type { Store } from '../store/connect.ts';
import { finishJob, recordProgress } from '../store/jobs.ts';
import { loadHandler } from './registry.ts';
import type { JobContext } from './types.ts';

/** How often progress reaches the database at most: often enough for a bar, cheap. */
export const PROGRESS_EVERY_MS = 300;

/**
 * The JobContext of a job kept in the `jobs` table: progress and counts are written at
 * most every PROGRESS_EVERY_MS (and once at the end), never awaited by the handler.
 */
export function storedContext(
  store: Store,
  jobId: string,
  actor: string,
  signal: AbortSignal,
): JobContext & { flush(): Promise<void> } {
  const state = { done: 0, total: 0, stage: '', counts: {} as Record<string, number> };
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = () => {
    last = Date.now();
    const snapshot = { ...state, counts: { ...state.counts } };
    writing = writing.then(() => recordProgress(store, jobId, snapshot)).catch(() => undefined);
  };
  return {
    signal,
    actor,
    progress(done, total, stage) {
      state.done = done;
      state.total = total;
      state.stage = stage;
      if (Date.now() - last >= PROGRESS_EVERY_MS) write();
    },
    count(name, by = 1) {
      state.counts[name] = (state.counts[name] ?? 0) + by;
      if (Date.now() - last >= PROGRESS_EVERY_MS) write();
    },
    async flush() {
      write();
      await writing;
    },
  };
}

/**
 * Runs one claimed job where this code runs (a worker thread, or the main thread when
 * no thread can open the store): loads its handler, runs it, stores its result. A failure
 * is thrown back to the caller, who knows why it stopped (cancel, time limit) and ends it.
 */
export async function executeJob(
  store: Store,
  job: { id: string; kind: string; input: unknown; actor: string },
  signal: AbortSignal,
): Promise<void> {
  const handler = await loadHandler(job.kind);
  const ctx = storedContext(store, job.id, job.actor, signal);
  const result = await handler(store, job.input, ctx);
  if (signal.aborted) throw toChokepointError(signal.reason);
  await ctx.flush();
  await finishJob(store, job.id, { state: 'succeeded', result: JSON.stringify(result ?? null) });
}

export function cancelledError(): ChokepointError {
  return new ChokepointError('CP_CANCELLED', 'the job was cancelled');
}
