import type { Store } from '../store/connect.ts';

/**
 * The seam every long operation is written against (issue 18, item 1). A handler is plain
 * code: it takes the store, its validated input and a context, reports progress, stops when
 * its signal aborts, and returns a JSON-serialisable result. The job system decides where
 * it runs (a worker thread or process, a PostgreSQL queue, or the CLI's foreground); the
 * handler never knows.
 */
export interface JobContext {
  /** Progress of the current stage; `total` 0 when unknown. Cheap: call it freely. */
  progress(done: number, total: number, stage: string): void;
  /** Counts a job keeps as it goes (rows imported, errors per stage…), shown with its state. */
  count(name: string, by?: number): void;
  /** Aborted when the job is cancelled or overruns its time limit. */
  signal: AbortSignal;
  /** Who asked: the user id for API jobs, the operating-system user for the CLI. */
  actor: string;
}

export type JobHandler<Input = unknown, Result = unknown> = (
  store: Store,
  input: Input,
  ctx: JobContext,
) => Promise<Result>;
