import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChokepointError } from '../../core/errors.ts';
import { SupportingSourceSchema } from '../../core/provenance.ts';
import { FlagScoreSchema } from '../../flags/schema.ts';
import { entityCaption } from '../../network/ftm.ts';
import { FtmEntityRecord, OrderRecord, RelationRecord } from '../../network/schema.ts';
import { ScreenHitSchema } from '../../resolve/schema.ts';
import { DEFAULT_THRESHOLD } from '../../resolve/match.ts';
import { recordFromFtm } from '../../resolve/record.ts';
import { caseOf } from '../auth.ts';
import {
  readCaptions,
  readEntity,
  readEvidence,
  readLatestScores,
  readOrdersOfEntity,
  readRelationsTouching,
} from '../../store/reads.ts';
import { pageEntities } from '../../store/entities.ts';
import { CASE, COMMON_ERRORS, CaseIdParams, CaseParams, Paging, pageOf } from '../schemas.ts';
import { caseNetwork, defaultCut, junctionScores } from './network.ts';
import { screenRecords } from './resolve.ts';

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
      const store = req.server.store;
      const entity = await readEntity(store, caseId, req.params.id);
      if (!entity) throw new ChokepointError('CP_NOT_FOUND', `no entity "${req.params.id}"`);
      const [relations, orders, evidence, network, cut] = await Promise.all([
        readRelationsTouching(store, caseId, [entity.id]),
        readOrdersOfEntity(store, caseId, entity.id),
        readEvidence(store, caseId, entity.id, 'entity'),
        caseNetwork(store, req.server.caseCache, caseId),
        defaultCut(store, req.server.caseCache, caseId),
      ]);
      const junction = junctionScores(network.junctions).get(entity.id);
      const subject = recordFromFtm(entity);
      if (subject.names.length === 0) subject.names = [entityCaption(entity)];
      const [screened] = await screenRecords(store, req.server.caseCache, [subject], {
        threshold: DEFAULT_THRESHOLD,
        limit: 10,
      });
      const otherIds = [
        ...new Set(relations.map((r) => (r.source_id === entity.id ? r.target_id : r.source_id))),
      ];
      const others = new Map((await readCaptions(store, caseId, otherIds)).map((o) => [o.id, o]));
      const flags = await readLatestScores(store, caseId, [
        ...new Set(orders.map((o) => o.order_id)),
      ]);
      return {
        entity,
        relations: relations.map((r) => ({
          ...r,
          other: others.get(r.source_id === entity.id ? r.target_id : r.source_id) ?? null,
        })),
        orders,
        flags,
        sanctions_hits: screened?.hits ?? [],
        evidence,
        network: {
          junction_rank: junction?.rank ?? null,
          junction_score: junction?.score ?? 0,
          in_cut: Boolean(cut?.cut.some((c) => c.id === entity.id)),
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
