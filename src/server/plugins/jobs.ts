import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cancelJob, jobResult, visibleJob, visibleJobs } from '../../app/jobs.ts';
import { JOB_STATES, JobSchema } from '../../jobs/schema.ts';
import { userOf } from '../auth.ts';
import { COMMON_ERRORS, Id } from '../schemas.ts';

const JobRecord = JobSchema;
const IdParams = z.object({ id: Id });

/** Jobs (src/jobs): the caller's, their state and progress, cancellation, results. */
export async function jobsRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/jobs',
    {
      config: { access: 'user' },
      schema: {
        tags: ['jobs'],
        summary: "The caller's jobs, and those of the cases they administer, newest first",
        querystring: z.object({
          case: Id.optional(),
          state: z.enum(JOB_STATES).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(JobRecord) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({
      items: await visibleJobs(req.server.store, userOf(req), {
        caseId: req.query.case,
        states: req.query.state ? [req.query.state] : undefined,
        limit: req.query.limit,
      }),
    }),
  );

  app.get(
    '/api/jobs/:id',
    {
      config: { access: 'user' },
      schema: {
        tags: ['jobs'],
        summary: 'State, progress, counts, the coded error or the link to the result',
        params: IdParams,
        response: { 200: JobRecord, ...COMMON_ERRORS },
      },
    },
    async (req) => visibleJob(req.server.store, userOf(req), req.params.id),
  );

  app.post(
    '/api/jobs/:id/cancel',
    {
      config: { access: 'user', audit: 'job.cancel' },
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a job: a queued one at once, a running one as soon as it stops',
        params: IdParams,
        response: { 200: JobRecord, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      req.auditDetail = { job_id: req.params.id };
      const job = await cancelJob(req.server.store, userOf(req), req.params.id);
      req.server.jobPool.kick();
      return job;
    },
  );

  app.get(
    '/api/jobs/:id/result',
    {
      config: { access: 'user', audit: 'job.result' },
      schema: {
        tags: ['jobs'],
        summary:
          "A succeeded job's result: the route's own answer as JSON, or the file it made (a PDF)",
        params: IdParams,
        response: { 200: z.unknown(), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const text = await jobResult(req.server.store, userOf(req), req.params.id);
      req.auditDetail = { job_id: req.params.id };
      // A file (reports.pdf) is sent as itself; any other result as the JSON it is stored as,
      // unparsed (a large answer would otherwise hold the event loop twice).
      if (text.startsWith('{"file":')) {
        const { file } = JSON.parse(text) as {
          file: { content_type: string; filename: string; base64: string };
        };
        return reply
          .header('content-type', file.content_type)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(Buffer.from(file.base64, 'base64'));
      }
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .serializer((b: unknown) => b as string)
        .send(text);
    },
  );
}
