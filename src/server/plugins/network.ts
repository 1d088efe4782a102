import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CentralityReportSchema } from '../../network/centrality/schema.ts';
import {
  casePaths,
  CasePathsSchema,
  loadCaseNetwork,
  networkCentrality,
  networkChokepoints,
  networkGraph,
  NetworkGraphEdgeSchema,
  NetworkGraphNodeSchema,
  NetworkGraphSchema,
  networkJunctions,
  networkRoles,
  networkShortestPath,
  PATHS_DEFAULTS,
  ROLE_FROM,
  ROLE_TO,
  type NetworkGraph,
} from '../../app/network.ts';
import type { Store } from '../../store/connect.ts';
import type { CaseCache } from '../cache.ts';
import { caseOf } from '../auth.ts';
import {
  ChokepointResultSchema,
  JunctionReportSchema,
  ShortestPathSchema,
} from '../../network/schema.ts';
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

/** A node as the web app draws it: `networkGraph`'s node, its name as the label. */
const GraphNode = z
  .object({
    id: NetworkGraphNodeSchema.shape.id,
    label: NetworkGraphNodeSchema.shape.name,
    schema: NetworkGraphNodeSchema.shape.schema,
    group: NetworkGraphNodeSchema.shape.group,
    junction_score: NetworkGraphNodeSchema.shape.junction_score,
    junction_rank: NetworkGraphNodeSchema.shape.junction_rank,
    roles: NetworkGraphNodeSchema.shape.roles,
    x: z.number().optional(),
    y: z.number().optional(),
  })
  .meta({ id: 'GraphNode' });
/**
 * An edge as the web app draws it: `networkGraph`'s edge, association called `link`, its
 * commodities joined into one label (left out when it has none).
 */
const GraphEdge = z
  .object({
    id: NetworkGraphEdgeSchema.shape.id,
    source: NetworkGraphEdgeSchema.shape.source,
    target: NetworkGraphEdgeSchema.shape.target,
    kind: z.enum([...NetworkGraphEdgeSchema.shape.kind.exclude(['association']).options, 'link']),
    commodity: z.string().optional(),
    weight: NetworkGraphEdgeSchema.shape.weight,
    order_ids: NetworkGraphEdgeSchema.shape.order_ids,
    relation_ids: NetworkGraphEdgeSchema.shape.relation_ids,
    dates: NetworkGraphEdgeSchema.shape.dates.describe(
      'the dates of its orders and relations (YYYY-MM-DD), for a time filter',
    ),
  })
  .meta({ id: 'GraphEdge' });
const Selector = z
  .string()
  .min(1)
  .max(1000)
  .describe(
    'id:<id>, name:<text>, schema:<Schema>, topic:<topic>, role:supplier|end_user, joined by commas',
  );

/** `networkGraph`'s answer as the web app draws it (GraphNode, GraphEdge). */
function graphOf(g: NetworkGraph) {
  return {
    nodes: g.nodes.map((n) => ({
      id: n.id,
      label: n.name,
      schema: n.schema,
      group: n.group,
      junction_score: n.junction_score,
      junction_rank: n.junction_rank,
      roles: n.roles,
    })),
    edges: g.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      kind: e.kind === 'association' ? ('link' as const) : e.kind,
      ...(e.commodities.length ? { commodity: e.commodities.join(', ') } : {}),
      weight: e.weight,
      order_ids: e.order_ids,
      relation_ids: e.relation_ids,
      dates: e.dates,
    })),
    warnings: g.warnings,
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
            warnings: NetworkGraphSchema.shape.warnings,
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
      return graphOf(networkGraph(net, {}, report));
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
          from: Selector.default(ROLE_FROM),
          to: Selector.default(ROLE_TO),
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
      return networkChokepoints(net, {
        from: req.query.from,
        to: req.query.to,
        budget: req.query.budget,
        groups: req.query.groups === 'true',
        commodity: req.query.commodity,
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
    `${CASE}/network/shortest-path`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['network'],
        summary:
          'The fewest links of any kind, either way, joining two parties (`network shortest-path --json`)',
        params: CaseParams,
        querystring: z.object({
          from: z.string().min(1).max(500).describe('an entity id'),
          to: z.string().min(1).max(500).describe('an entity id'),
        }),
        response: { 200: ShortestPathSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { net } = await caseNetwork(req.server.store, req.server.caseCache, caseOf(req));
      return networkShortestPath(net, req.query.from, req.query.to);
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
