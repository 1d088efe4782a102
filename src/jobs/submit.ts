import { newId } from '../core/ids.ts';
import type { Store } from '../store/connect.ts';
import { getJob, insertJob } from '../store/jobs.ts';
import { DEFAULT_JOB_LIMITS } from './pool.ts';
import { isJobKind, loadHandler } from './registry.ts';
import type { Job, JobLimits } from './schema.ts';
import { ChokepointError, fromPostedError } from '../core/errors.ts';

export interface JobRequest {
  /** The job's id when the caller already handed one out (an upload's import id). */
  id?: string;
  kind: string;
  case_id: string | null;
  input: unknown;
  created_by: string;
  limits?: Partial<JobLimits>;
  /** The host whose workers only may run it (a file on its disk); default any. */
  runs_on?: string | null;
}

/** Queues a job; a pool (the server's, or `chokepoint worker`) takes it. */
export async function submitJob(store: Store, req: JobRequest): Promise<Job> {
  if (!isJobKind(req.kind)) await loadHandler(req.kind); // throws CP_UNKNOWN_KIND
  const id = req.id ?? newId('job');
  await insertJob(store, {
    id,
    kind: req.kind,
    case_id: req.case_id,
    input: req.input,
    created_by: req.created_by,
    runs_on: req.runs_on ?? null,
    limits: {
      time_ms: req.limits?.time_ms ?? DEFAULT_JOB_LIMITS.time_ms,
      memory_mb: req.limits?.memory_mb ?? DEFAULT_JOB_LIMITS.memory_mb,
    },
  });
  const job = await getJob(store, id);
  if (!job) throw new ChokepointError('CP_INTERNAL', `job ${id} vanished`);
  return job;
}

/** Waits until a job has ended (polling the store), and returns it. */
export async function waitForJob(store: Store, id: string, pollMs = 100): Promise<Job> {
  for (;;) {
    const job = await getJob(store, id);
    if (!job) throw new ChokepointError('CP_NOT_FOUND', `no job "${id}"`);
    if (job.state !== 'queued' && job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** The coded error a job ended with, as the error it was (for a caller that waited on it). */
export function jobError(job: Job): ChokepointError {
  const e = job.error ?? { code: 'CP_INTERNAL', message: `job ${job.id} ${job.state}` };
  const { code, message, status: _s, details, ...location } = e as Record<string, unknown>;
  return fromPostedError({
    code: String(code),
    message: String(message),
    location: location as never,
    details,
  });
}
