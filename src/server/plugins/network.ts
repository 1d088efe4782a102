import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chokepoints } from '../../network/chokepoints.ts';
import type { Network } from '../../network/graph.ts';
import type { JunctionReport } from '../../network/junctions.ts';
import { CentralityReportSchema } from '../../network/centrality/schema.ts';
import {
  casePaths,
  CasePathsSchema,
  junctionScores,
  loadCaseNetwork,
  networkCentrality,
  networkJunctions,
  networkRoles,
  PATHS_DEFAULTS,
} from '../../app/network.ts';
import type { Store } from '../../store/connect.ts';
import type { CaseCache } from '../cache.ts';
import { caseOf } from '../auth.ts';
import { ChokepointResultSchema, JunctionReportSchema } from '../../network/schema.ts';
import { CASE, COMMON_ERRORS, CaseParams } from '../schemas.ts';

/** The case's network and its junction report, memoised per case until the next write. */
export function caseNetwork(store: Store, cache: CaseCache, caseId: string) {
  return cache.get(caseId, 'network', async () => {
    const net = await loadCaseNetwork(store, [caseId]);
    return { net, junctions: networkJunctions(net) };
  });
}

/**
 * The network roles of the case's parties (junction rank, membership of the minimum cut),
 * as the entity dossier computes them (src/app/network.ts), memoised with the network.
 */
export function caseRoles(store: Store, cache: CaseCache, caseId: string) {
  return cache.get(caseId, 'network-roles', async () => {
    const { net, junctions: report } = await caseNetwork(store, cache, caseId);
    return networkRoles(net, { junctions: report });
  });
}

const GraphNode = z
  .object({
    id: z.string(),
    label: z.string(),
    schema: z.string(),
    group: z.string().nullable(),
    junction_score: z.number(),
    junction_rank: z.number().nullable(),
    roles: z.array(z.string()),
    x: z.number().optional(),
    y: z.number().optional(),
  })
  .meta({ id: 'GraphNode' });
const GraphEdge = z
  .object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    kind: z.enum(['supply', 'control', 'payment', 'link']),
    commodity: z.string().optional(),
    weight: z.number(),
    order_ids: z.array(z.string()),
    relation_ids: z.array(z.string()),
  })
  .meta({ id: 'GraphEdge' });
const Selector = z
  .string()
  .min(1)
  .max(1000)
  .describe(
    'id:<id>, name:<text>, schema:<Schema>, topic:<topic>, role:supplier|end_user, joined by commas',
  );

function graphOf(net: Network, report: JunctionReport) {
  const scores = junctionScores(report);
  return {
    nodes: net.nodes.map((n) => ({
      id: n.id,
      label: n.name,
      schema: n.schema,
      group: n.group,
      junction_score: scores.get(n.id)?.score ?? 0,
      junction_rank: scores.get(n.id)?.rank ?? null,
      roles: n.roles,
    })),
    edges: net.edges.map((e, i) => ({
      id: `e${i}`,
      source: e.source,
      target: e.target,
      kind: e.kind === 'association' ? ('link' as const) : e.kind,
      ...(e.commodities.length ? { commodity: e.commodities.join(', ') } : {}),
      weight: Math.max(1, e.order_ids.length + e.relation_ids.length),
      order_ids: e.order_ids,
      relation_ids: e.relation_ids,
    })),
  };
}

/** The procurement network: graph, junction points, choke points, supply paths. */
export async function networkRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${CASE}/network/graph`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['network'],
        summary: 'Nodes (with junction scores) and edges (supply, control, payment, link)',
        params: CaseParams,
        response: {
          200: z.object({
            nodes: z.array(GraphNode),
            edges: z.array(GraphEdge),
            warnings: z.array(z.string()),
          }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const { net, junctions: report } = await caseNetwork(
        req.server.store,
        req.server.caseCache,
        caseOf(req),
      );
      return { ...graphOf(net, report), warnings: net.warnings };
    },
  );

  app.get(
    `${CASE}/network/junctions`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['network'],
        summary:
          'Junction points: parties across the chains of several commodities (`network junctions --json`)',
        params: CaseParams,
        querystring: z.object({
          groups: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(10_000).optional(),
        }),
        response: { 200: JunctionReportSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { net, junctions: report } = await caseNetwork(
        req.server.store,
        req.server.caseCache,
        caseOf(req),
      );
      return networkJunctions(
        net,
        { groups: req.query.groups === 'true', limit: req.query.limit },
        report,
      );
    },
  );

  app.get(
    `${CASE}/network/chokepoints`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['network'],
        summary:
          'The fewest actors whose removal cuts sources from targets (`network chokepoints --json`)',
        params: CaseParams,
        querystring: z.object({
          from: Selector.default('role:supplier'),
          to: Selector.default('role:end_user'),
          budget: z.coerce.number().positive().max(1000).optional(),
          groups: z.enum(['true', 'false']).default('false'),
          commodity: z
            .string()
            .min(1)
            .max(200)
            .describe(
              'only the supply edges and orders of this commodity (`network chokepoints --commodity`): an id of src/network/commodity.ts such as uav_components, or a class of the case such as hs_9401',
            )
            .optional(),
        }),
        response: { 200: ChokepointResultSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { net } = await caseNetwork(req.server.store, req.server.caseCache, caseOf(req));
      return chokepoints(net, {
        from: req.query.from,
        to: req.query.to,
        budget: req.query.budget ?? null,
        groups: req.query.groups === 'true',
        commodity: req.query.commodity ?? null,
      });
    },
  );

  app.get(
    `${CASE}/network/paths`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['network'],
        summary:
          'Supply paths from sources to targets with their timelines and the evidence behind each step (`network paths --json`)',
        params: CaseParams,
        querystring: z.object({
          from: Selector,
          to: Selector,
          max_length: z.coerce.number().int().min(1).max(20).default(PATHS_DEFAULTS.maxLength),
          max_paths: z.coerce.number().int().min(1).max(5000).default(PATHS_DEFAULTS.maxPaths),
          groups: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: CasePathsSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const { net } = await caseNetwork(req.server.store, req.server.caseCache, caseId);
      return casePaths(req.server.store, caseId, net, {
        from: req.query.from,
        to: req.query.to,
        maxLength: req.query.max_length,
        maxPaths: req.query.max_paths,
        groups: req.query.groups === 'true',
      });
    },
  );

  app.get(
    `${CASE}/network/centrality`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['network'],
        summary:
          'Degree, betweenness (exact, or estimated from `pivots`) and Louvain communities of every party (`network centrality --json`)',
        params: CaseParams,
        querystring: z.object({
          groups: z.enum(['true', 'false']).default('false'),
          pivots: z.coerce.number().int().min(1).max(100_000).optional(),
        }),
        response: { 200: CentralityReportSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caseId = caseOf(req);
      const { store, caseCache } = req.server;
      const { net } = await caseNetwork(store, caseCache, caseId);
      const opts = { groups: req.query.groups === 'true', pivots: req.query.pivots };
      // The exact figures of the whole network are kept with it; other questions are asked anew.
      if (!opts.groups && opts.pivots === undefined)
        return caseCache.get(caseId, 'centrality', () => networkCentrality(net));
      return networkCentrality(net, opts);
    },
  );
}
