import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { entityProfile } from '../../app/entities.ts';
import { ChokepointError } from '../../core/errors.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import { FlagScoreSchema } from '../../flags/schema.ts';
import { FtmEntityRecord, OrderRecord, RelationRecord } from '../../network/schema.ts';
import { ScreenHitSchema } from '../../resolve/schema.ts';
import { caseOf } from '../auth.ts';
import { readCaptions, readEntity, readRelationsTouching } from '../../store/reads.ts';
import { pageEntities } from '../../store/entities.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Paging, pageOf } from '../schemas.ts';
import { caseRoles, junctionScores } from './network.ts';
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
            flags: z.array(FlagScoreSchema),
            sanctions_hits: z.array(ScreenHitSchema),
            evidence: z.array(SupportingSourceSchema),
            network: z.object({
              junction_rank: z.number().int().nullable(),
              junction_score: z.number(),
              in_cut: z
                .boolean()
                .describe('in the minimum cut between suppliers and end users of the case'),
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
      const roles = () => caseRoles(store, caseCache, caseId);
      const p = await entityProfile(store, {
        caseId,
        entityId: req.params.id,
        roles,
        screener: () => listsScreener(store, caseCache),
      });
      // The junction score on the scale of the graph's nodes (chains against the most of any).
      const junction = junctionScores((await roles()).junctions).get(p.entity.id);
      return {
        ...p,
        sanctions_hits: p.sanctions_hits ?? [],
        network: {
          junction_rank: p.network?.junction_rank ?? null,
          junction_score: junction?.score ?? 0,
          in_cut: Boolean(p.network?.in_cut),
        },
      };
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
    async (req) => {
      const caseId = caseOf(req);
      const store = req.server.store;
      const root = await readEntity(store, caseId, req.params.id);
      if (!root) throw new ChokepointError('CP_NOT_FOUND', `no entity "${req.params.id}"`);
      const depthOf = new Map<string, number>([[root.id, 0]]);
      const edges = new Map<string, z.infer<typeof RelationSchema>>();
      let frontier = [root.id];
      let truncated = false;
      for (let d = 1; d <= req.query.depth && frontier.length; d++) {
        const next: string[] = [];
        for (const r of await readRelationsTouching(store, caseId, frontier)) {
          edges.set(r.id, r);
          for (const end of [r.source_id, r.target_id]) {
            if (depthOf.has(end)) continue;
            if (depthOf.size >= req.query.limit) {
              truncated = true;
              continue;
            }
            depthOf.set(end, d);
            next.push(end);
          }
        }
        frontier = next;
      }
      const nodes = (await readCaptions(store, caseId, [...depthOf.keys()])).map((n) => ({
        ...n,
        depth: depthOf.get(n.id)!,
      }));
      const known = new Set(nodes.map((n) => n.id));
      return {
        nodes: nodes.sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id)),
        edges: [...edges.values()].filter((e) => known.has(e.source_id) && known.has(e.target_id)),
        truncated,
      };
    },
  );
}
