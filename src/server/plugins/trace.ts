import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { seizureNearby, traceItem, TRACE_DEFAULTS } from '../../app/trace.ts';
import { NEARBY_DEFAULTS } from '../../trace/nearby.ts';
import { NearbyReportSchema, TraceResultSchema } from '../../trace/schema.ts';
import { caseOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Id } from '../schemas.ts';

const Window = {
  km: z.coerce.number().min(0).max(20_000).optional(),
  days_before: z.coerce.number().int().min(0).max(36_500).optional(),
  days_after: z.coerce.number().int().min(0).max(36_500).optional(),
};

/** Tracing a recovered item to its candidate orders, and the incidents around a seizure. */
export async function traceRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/trace/:itemId`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary:
          'Candidate orders for a recovered item, best first, with their evidence, chain and red flags (`chokepoint trace <item-id> --json`)',
        params: CaseParams.extend({ itemId: Id }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(TRACE_DEFAULTS.limit),
          group: z.string().min(1).max(1000).optional(),
          near_km: z.coerce.number().min(0).max(20_000).optional(),
          ...Window,
        }),
        response: { 200: TraceResultSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      traceItem(req.server.store, {
        caseId: caseOf(req),
        itemId: req.params.itemId,
        limit: req.query.limit,
        group: req.query.group,
        nearKm: req.query.near_km,
        nearby: {
          km: req.query.km,
          daysBefore: req.query.days_before,
          daysAfter: req.query.days_after,
        },
      }),
  );

  app.get(
    `${CASE}/seizures/:id/nearby`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['arms'],
        summary: `Incidents within a distance and a time window of a seizure (defaults ${NEARBY_DEFAULTS.km} km, ${NEARBY_DEFAULTS.daysBefore} days before; \`chokepoint arms nearby --json\`)`,
        params: CaseIdParams,
        querystring: z.object(Window),
        response: { 200: NearbyReportSchema, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      seizureNearby(req.server.store, {
        caseId: caseOf(req),
        seizureId: req.params.id,
        km: req.query.km,
        daysBefore: req.query.days_before,
        daysAfter: req.query.days_after,
      }),
  );
}
