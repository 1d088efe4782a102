import { osUser } from '../app/audit.ts';
import { ChokepointError } from '../core/errors.ts';
import { loadHandler, type JobKind } from '../jobs/registry.ts';
import type { JobContext } from '../jobs/types.ts';
import type { Store } from '../store/connect.ts';
import { progressBar } from './progress.ts';

/** What a job run in the foreground returns: its result and the counts it kept. */
export interface ForegroundRun<Result> {
  result: Result;
  counts: Record<string, number>;
}

/** Kinds whose handler runs start to end without awaiting: Ctrl-C ends the process. */
const RUNS_WITHOUT_PAUSE = new Set<JobKind>(['names.match', 'incidents.extract']);

/**
 * Runs a job's handler here, in the CLI's own process (issue 18: the CLI runs the same job
 * code as the API, in the foreground): its stages drawn on the progress bar, its counts
 * kept for the caller, Ctrl-C aborting its signal. `store` is null for the kinds that read
 * no database (names.match, incidents.extract), which the CLI runs without opening one.
 */
export async function runInForeground<Result>(
  store: Store | null,
  kind: JobKind,
  input: unknown,
  label: string,
): Promise<ForegroundRun<Result>> {
  const handler = await loadHandler(kind);
  const bar = progressBar(label);
  const counts: Record<string, number> = {};
  const abort = new AbortController();
  // Ctrl-C aborts the signal, and the handler stops at its next look. A listener would hold
  // Ctrl-C back from a handler that never yields to the event loop: those keep the default.
  const onInterrupt = () => {
    process.off('SIGINT', onInterrupt);
    abort.abort(new ChokepointError('CP_CANCELLED', 'interrupted (Ctrl-C)'));
  };
  if (!RUNS_WITHOUT_PAUSE.has(kind)) process.on('SIGINT', onInterrupt);
  const ctx: JobContext = {
    progress: (done, total, stage) => bar.update(done, total, `${label}: ${stage}`),
    count: (name, by = 1) => {
      counts[name] = (counts[name] ?? 0) + by;
    },
    signal: abort.signal,
    actor: osUser(),
  };
  try {
    const result = (await handler(store as Store, input, ctx)) as Result;
    if (abort.signal.aborted) throw abort.signal.reason;
    return { result, counts };
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.finish();
  }
}
