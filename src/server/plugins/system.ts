import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchDocuments } from '../../app/documents.ts';
import { ERROR_CATALOGUE } from '../../core/errors.ts';
import { DocumentHitSchema } from '../../documents/schema.ts';
import { searchRecords } from '../../store/search.ts';
import { storeStats } from '../../store/stats.ts';
import { membershipsOf } from '../../store/users.ts';
import { userOf } from '../auth.ts';
import { COMMON_ERRORS } from '../schemas.ts';

export const StatsSchema = z
  .object({
    cases: z.number().int(),
    sources: z.number().int(),
    evidence: z.number().int(),
    incidents: z.number().int(),
    seizures: z.number().int(),
    items: z.number().int(),
    baseline: z.number().int(),
    entities: z.number().int(),
    relations: z.number().int(),
    orders: z.number().int(),
    flag_scores: z.number().int(),
    reviews: z.number().int(),
    list_entities: z.number().int(),
  })
  .meta({ id: 'Stats' });

const SearchHit = z
  .object({
    case_id: z.string(),
    record_kind: z.string(),
    record_id: z.string(),
    title: z.string(),
  })
  .meta({ id: 'SearchHit' });

/** Health, the error catalogue, the OpenAPI document, stats and search across the caller's cases. */
export async function systemRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and the database dialect',
        response: { 200: z.object({ status: z.literal('ok'), database: z.string() }) },
      },
    },
    async (req) => ({ status: 'ok' as const, database: req.server.store.dialect }),
  );

  app.get(
    '/api/errors',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The catalogue of coded errors',
        response: {
          200: z
            .record(z.string(), z.object({ status: z.number().int(), title: z.string() }))
            .meta({ id: 'ErrorCatalogue' }),
        },
      },
    },
    async () => ERROR_CATALOGUE,
  );

  app.get(
    '/openapi.json',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'This document (OpenAPI 3)',
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    // The document is an object of its own library's type, checked here as a JSON object.
    async () => app.swagger() as unknown as Record<string, unknown>,
  );

  app.get(
    '/api/stats',
    {
      config: { access: 'user' },
      schema: {
        tags: ['system'],
        summary: "Counts per record kind over the caller's cases only",
        response: { 200: StatsSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const cases = await membershipsOf(req.server.store.db, userOf(req).id);
      if (cases.length)
        return storeStats(
          req.server.store.db,
          cases.map((c) => c.id),
        );
      // A user of no case sees zeros (sanctions lists are shared, so those are counted).
      const lists = await storeStats(req.server.store.db, ['']).catch(() => null);
      const zeros = Object.fromEntries(Object.keys(StatsSchema.shape).map((k) => [k, 0]));
      return { ...zeros, list_entities: lists?.list_entities ?? 0 } as z.infer<typeof StatsSchema>;
    },
  );

  app.get(
    '/api/search',
    {
      config: { access: 'user' },
      schema: {
        tags: ['system'],
        summary: 'Full-text search over every case the caller belongs to (and no other)',
        querystring: z.object({
          q: z.string().min(1).max(500),
          kind: z.string().min(1).max(50).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(SearchHit),
            documents: z
              .array(DocumentHitSchema)
              .describe('pages of documents that match, best first, beside the records'),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const cases = await membershipsOf(req.server.store.db, userOf(req).id);
      const items = await searchRecords(
        req.server.store.db,
        req.server.store.dialect,
        cases.map((c) => c.id),
        req.query.q,
        { kind: req.query.kind, limit: req.query.limit },
      );
      const documents =
        req.query.kind && req.query.kind !== 'document'
          ? []
          : await searchDocuments(
              req.server.store,
              cases.map((c) => c.id),
              req.query.q,
              { limit: Math.min(req.query.limit, 20) },
            );
      return { items, documents };
    },
  );
}
