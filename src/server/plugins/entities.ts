import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { entityNeighbours, entityPage } from '../../app/entities.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import { ExplainedScoreSchema } from '../../flags/schema.ts';
import { FtmEntityRecord, OrderRecord, RelationRecord } from '../../network/schema.ts';
import { ListedHitSchema } from '../../resolve/lists/schema.ts';
import { caseOf } from '../auth.ts';
import { pageEntities } from '../../store/entities.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Paging, pageOf } from '../schemas.ts';
import { caseRoles } from './network.ts';
import { listsScreener } from './resolve.ts';

const EntityOut = FtmEntityRecord;
const RelationSchema = RelationRecord;
/** An entity as a neighbourhood shows it: its caption and how many hops away. */
const Node = FtmEntityRecord.pick({ id: true, schema: true })
  .extend({ caption: z.string(), depth: z.number().int() })
  .meta({ id: 'EntityNode' });

/** Entities (FollowTheMoney), their relations, neighbourhoods and what is known of each. */
export async function entitiesRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/entities`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['entities'],
        summary: 'Entities of the case; `q` searches names in any spelling (folded)',
        params: CaseParams,
        querystring: Paging.extend({
          q: z.string().min(1).max(500).optional(),
          schema: z
            .string()
            .regex(/^[A-Z][A-Za-z]*$/, 'a FollowTheMoney schema name')
            .optional(),
        }),
        response: { 200: pageOf(EntityOut), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const r = await pageEntities(req.server.store, caseOf(req), req.query);
      return { ...r, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get(
    `${CASE}/entities/:id`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['entities'],
        summary: 'One entity with its relations, orders, red flags and evidence',
        params: CaseIdParams,
        response: {
          200: z.object({
            entity: EntityOut,
            relations: z.array(
              RelationSchema.extend({ other: Node.omit({ depth: true }).nullable() }),
            ),
            orders: z.array(OrderRecord),
            flags: z.array(ExplainedScoreSchema),
            sanctions_hits: z.array(ListedHitSchema),
            evidence: z.array(SupportingSourceSchema),
            network: z.object({
              junction_rank: z.number().int().nullable(),
              junction_score: z.number(),
              in_cut: z
                .boolean()
                .describe(
                  'in the minimum cut from the suppliers to the parties with the topic crime.terror (to every end user when there are none), alone or as part of a business group that is in it: the cut of the entity dossier',
                ),
            }),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const { store, caseCache } = req.server;
      // The use case (src/app/entities.ts) with the case's network roles and the lists'
      // screener as this server keeps them.
      return entityPage(store, {
        caseId,
        entityId: req.params.id,
        roles: () => caseRoles(store, caseCache, caseId),
        screener: () => listsScreener(store, caseCache),
      });
    },
  );

  app.get(
    `${CASE}/entities/:id/neighbours`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['entities'],
        summary: 'The neighbourhood of an entity through its relations, up to `depth` hops',
        params: CaseIdParams,
        querystring: z.object({
          depth: z.coerce.number().int().min(1).max(3).default(1),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: {
          200: z.object({
            nodes: z.array(Node),
            edges: z.array(RelationSchema),
            truncated: z.boolean(),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) =>
      entityNeighbours(req.server.store, {
        caseId: caseOf(req),
        entityId: req.params.id,
        depth: req.query.depth,
        limit: req.query.limit,
      }),
  );
}
