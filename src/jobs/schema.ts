import { z } from 'zod';

/**
 * The Job record (issue 18, item 1): one long operation, queued, run off the request
 * path, followed by its state and progress, cancellable. The `jobs` table holds it
 * (src/store/jobs.ts), the API answers with it (`GET /api/jobs/:id`), the CLI prints it.
 */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States a job leaves no more. */
export const FINISHED_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

export const JobProgressSchema = z
  .object({
    done: z.number().int().min(0),
    total: z.number().int().min(0).describe('0 while unknown'),
    stage: z.string(),
  })
  .meta({ id: 'JobProgress' });

/** The coded error a failed job ended with (src/core/errors.ts, as ChokepointError.toJSON). */
export const JobErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    file: z.string().optional(),
    line: z.number().optional(),
    field: z.string().optional(),
    expected: z.string().optional(),
  })
  .loose()
  .meta({ id: 'JobError' });

export const JobLimitsSchema = z
  .object({
    time_ms: z.number().int().positive().describe('wall-clock limit; past it the job is stopped'),
    memory_mb: z.number().int().positive().describe('heap limit of the thread that runs it'),
  })
  .meta({ id: 'JobLimits' });
export type JobLimits = z.infer<typeof JobLimitsSchema>;

export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.string().describe('what runs: imports.upload, names.match, reports.pdf, …'),
    case_id: z.string().nullable(),
    state: z.enum(JOB_STATES),
    progress: JobProgressSchema,
    counts: z.record(z.string(), z.number()),
    /** Small results inline; `GET /api/jobs/:id/result` serves them (and large ones) whole. */
    result_url: z.string().nullable().describe('where the result is, once succeeded'),
    error: JobErrorSchema.nullable(),
    created_by: z.string(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    cancel_requested: z.boolean(),
    limits: JobLimitsSchema,
  })
  .meta({ id: 'Job' });
export type Job = z.infer<typeof JobSchema>;

/** Answer of a route that queued a job instead of answering at once (HTTP 202). */
export const JobAcceptedSchema = z
  .object({
    job_id: z.string(),
    status_url: z.string().describe('GET it for state and progress'),
  })
  .meta({ id: 'JobAccepted' });
