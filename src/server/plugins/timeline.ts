import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseTimeline } from '../../app/timeline.ts';
import { isoDate } from '../../core/schema.ts';
import { TIMELINE_KINDS, TimelineItemSchema } from '../../core/timeline.ts';
import { caseOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseParams } from '../schemas.ts';

const Kind = z.enum(TIMELINE_KINDS);

/** The case's timeline: every dated record on one axis (src/app/timeline.ts). */
export async function timelineRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/timeline`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['timeline'],
        summary:
          'Incidents, orders, payments, seizures and documents of the case on one time axis, by date',
        params: CaseParams,
        querystring: z.object({
          from: isoDate.optional(),
          to: isoDate.optional(),
          kind: z
            .string()
            .regex(
              new RegExp(`^(${TIMELINE_KINDS.join('|')})(,(${TIMELINE_KINDS.join('|')}))*$`),
              `kinds joined by commas, of ${TIMELINE_KINDS.join(', ')}`,
            )
            .optional(),
          limit: z.coerce.number().int().min(1).max(10_000).default(2000),
        }),
        response: {
          200: z
            .object({
              from: z.string().nullable(),
              to: z.string().nullable(),
              kinds: z.array(Kind),
              items: z.array(TimelineItemSchema),
              counts: z.record(Kind, z.number().int()),
            })
            .meta({ id: 'Timeline' }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) =>
      caseTimeline(req.server.store, {
        caseId: caseOf(req),
        from: req.query.from,
        to: req.query.to,
        kinds: req.query.kind?.split(',') as z.infer<typeof Kind>[] | undefined,
        limit: req.query.limit,
      }),
  );
}
