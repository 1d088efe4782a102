/**
 * The procurement network of a case, built in one place from one input (the case's
 * entities, parties and relations alike, and its orders), and the analyses over it that
 * need more than the built network: supply paths with the evidence behind each step, and
 * an entity's role (junction rank, membership of the minimum cut) for a dossier and the
 * API's entity page alike.
 */
import { z } from 'zod';
import { SupportingSourceSchema } from '../core/provenance.ts';
import {
  betweenness,
  betweennessParallel,
  sampledBetweenness,
} from '../network/centrality/betweenness.ts';
import { louvainCommunities } from '../network/centrality/communities.ts';
import { degrees } from '../network/centrality/degree.ts';
import type { CentralityReport } from '../network/centrality/schema.ts';
import {
  chokepoints,
  type ChokepointOptions,
  type ChokepointResult,
} from '../network/chokepoints.ts';
import { buildNetwork, collapseGroups, supplyGraph, type Network } from '../network/graph.ts';
import { junctions, type JunctionReport } from '../network/junctions.ts';
import { shortestPath, supplyPaths } from '../network/paths.ts';
import {
  BusinessGroupSchema,
  NetworkCommoditySchema,
  NetworkEdgeSchema,
  NetworkNodeSchema,
  NetworkOrderSchema,
  PathEdgeSchema,
  PathsReportSchema,
  PaymentRecordSchema,
  ShipmentSchema,
  SupplyPathSchema,
} from '../network/schema.ts';
import type { NetworkRole } from '../reports/dossier.ts';
import type { Store } from '../store/connect.ts';
import { evidenceForDocuments, loadNetworkInput } from '../store/network.ts';

/** Progress of a long analysis: done of total. */
export type Progress = (done: number, total: number) => void;

/** The network of the cases: every entity (parties and relations) and every order. */
export async function loadCaseNetwork(store: Store, caseIds: string[]): Promise<Network> {
  return buildNetwork(await loadNetworkInput(store.db, caseIds));
}

/**
 * The junction report of a network (`junctions`): parties, or business groups with
 * `groups`, ranked by the commodity chains through them. `known` is the default report
 * (no groups, no limit) when the caller keeps it (the API, per case): it is answered as is.
 */
export function networkJunctions(
  net: Network,
  opts: { groups?: boolean; limit?: number; onProgress?: Progress } = {},
  known?: JunctionReport,
): JunctionReport {
  if (known && !opts.groups && opts.limit === undefined) return known;
  return junctions(net, opts);
}

/** Junction score 0–1: commodity chains through the node, against the most of any node. */
export function junctionScores(
  report: JunctionReport,
): Map<string, { rank: number; score: number }> {
  const max = Math.max(1, ...report.junctions.map((j) => j.chains));
  return new Map(report.junctions.map((j) => [j.id, { rank: j.rank, score: j.chains / max }]));
}

/** A node of the graph: the party, or the business group with `groups`, and its junction score. */
export const NetworkGraphNodeSchema = NetworkNodeSchema.extend({
  /** Commodity chains through the node, against the most of any node (0–1). */
  junction_score: z.number(),
  junction_rank: z.number().nullable(),
});

/** An edge of the graph, with an id and a weight (its orders and relations, at least 1). */
export const NetworkGraphEdgeSchema = z.object({
  id: z.string(),
  ...NetworkEdgeSchema.shape,
  weight: z.number(),
});

/**
 * The network as built (`network graph --json`): nodes with their junction scores, edges,
 * business groups, commodities, orders, shipments, payments and the builder's warnings.
 * `GET …/network/graph` answers its nodes and edges as the web app draws them.
 */
export const NetworkGraphSchema = z
  .object({
    nodes: z.array(NetworkGraphNodeSchema),
    edges: z.array(NetworkGraphEdgeSchema),
    groups: z.array(BusinessGroupSchema),
    commodities: z.array(NetworkCommoditySchema),
    orders: z.array(NetworkOrderSchema),
    shipments: z.array(ShipmentSchema),
    payments: z.array(PaymentRecordSchema),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'NetworkGraph' });
export type NetworkGraph = z.output<typeof NetworkGraphSchema>;

/**
 * The network as built, each node (or business group, with `groups`) with its junction
 * score and rank from the junction report of the same network (`known`: the default
 * report, when the caller keeps it). The CLI's `network graph` and the API's
 * `GET …/network/graph` both format this one answer.
 */
export function networkGraph(
  base: Network,
  opts: { groups?: boolean; onProgress?: Progress } = {},
  known?: JunctionReport,
): NetworkGraph {
  const net = opts.groups ? collapseGroups(base) : base;
  const scores = junctionScores(networkJunctions(base, opts, known));
  return {
    nodes: net.nodes.map(({ entity: _e, names: _n, ...n }) => ({
      ...n,
      junction_score: scores.get(n.id)?.score ?? 0,
      junction_rank: scores.get(n.id)?.rank ?? null,
    })),
    edges: net.edges.map((e, i) => ({
      id: `e${i}`,
      ...e,
      weight: Math.max(1, e.order_ids.length + e.relation_ids.length),
    })),
    groups: net.groups,
    commodities: net.commodities,
    orders: net.orders,
    shipments: net.shipments,
    payments: net.payments,
    warnings: net.warnings,
  };
}

/** A document behind one step of a supply path (an order, a relation entity) and its sources. */
export const PathEvidenceSchema = z.object({
  record_kind: z.enum(['order', 'entity']),
  record_id: z.string(),
  sources: z.array(
    SupportingSourceSchema.pick({ id: true, title: true, grade: true, page: true, excerpt: true }),
  ),
});

/** Supply paths with the evidence behind each step (`network paths --json`, `GET …/network/paths`). */
export const CasePathsSchema = PathsReportSchema.extend({
  paths: z.array(
    SupplyPathSchema.extend({
      edges: z.array(
        PathEdgeSchema.extend({
          evidence: z
            .array(PathEvidenceSchema)
            .describe("the step's orders, then its relation entities, each with its sources"),
        }),
      ),
    }),
  ),
}).meta({ id: 'CasePaths' });
export type CasePaths = z.output<typeof CasePathsSchema>;

/** The bounds of a paths search when the caller sets none (those of `supplyPaths`), the CLI's and the API's alike. */
export const PATHS_DEFAULTS = { maxLength: 8, maxPaths: 1000 } as const;

/**
 * Supply paths from the selected suppliers to the selected end users, each step with the
 * documents behind it (its orders and relation entities) and their sources.
 */
export async function casePaths(
  store: Store,
  caseId: string,
  net: Network,
  opts: Parameters<typeof supplyPaths>[1],
): Promise<CasePaths> {
  const report = supplyPaths(net, opts);
  const docs = report.paths.flatMap((p) =>
    p.edges.flatMap((e) => [
      ...e.order_ids.map((id) => ({ id, kind: 'order' as const })),
      ...e.relation_ids.map((id) => ({ id, kind: 'entity' as const })),
    ]),
  );
  const evidence = await evidenceForDocuments(store.db, caseId, docs);
  return {
    ...report,
    paths: report.paths.map((p) => ({
      ...p,
      edges: p.edges.map((e) => ({
        ...e,
        evidence: [
          ...e.order_ids.map((id) => ['order', id] as const),
          ...e.relation_ids.map((id) => ['entity', id] as const),
        ].map(([kind, id]) => ({
          record_kind: kind,
          record_id: id,
          sources: (evidence.get(`${kind}:${id}`) ?? []).map((s) => ({
            id: s.id,
            title: s.title,
            grade: s.grade,
            page: s.page,
            excerpt: s.excerpt,
          })),
        })),
      })),
    })),
  };
}

/**
 * How two parties are connected at all (`network shortest-path`, `GET …/network/shortest-path`):
 * the fewest links of any kind between them, either way (`shortestPath`).
 */
export function networkShortestPath(net: Network, fromId: string, toId: string) {
  return shortestPath(net, fromId, toId);
}

/** Default selectors of an entity's network role: every supplier against every end user. */
export const ROLE_FROM = 'role:supplier';
export const ROLE_TO = 'role:end_user';
export const ROLE_TO_TERROR = 'topic:crime.terror';

/**
 * Choke points (`network chokepoints`, `GET …/network/chokepoints`): the fewest actors
 * whose removal cuts the selected sources from the selected targets, or with a budget the
 * actors that remove the most supply, with the supply that still gets through per
 * commodity and unit. Sources and targets default to every supplier and every end user;
 * a commodity, when named, restricts the cut to its supply edges and orders. The CLI and
 * the API both ask this, and only read their options and format the answer.
 */
export function networkChokepoints(
  net: Network,
  opts: Partial<Pick<ChokepointOptions, 'from' | 'to'>> &
    Omit<ChokepointOptions, 'from' | 'to'> = {},
): ChokepointResult {
  return chokepoints(net, {
    from: opts.from ?? ROLE_FROM,
    to: opts.to ?? ROLE_TO,
    groups: opts.groups ?? false,
    weights: opts.weights ?? null,
    budget: opts.budget ?? null,
    commodity: opts.commodity ?? null,
    onProgress: opts.onProgress,
  });
}

/** The network roles of a case's parties, the network's analyses run once for them all. */
export interface NetworkRoles {
  /** The junction report the ranks come from (`junctions(net)`). */
  junctions: JunctionReport;
  /** A party's role, or null when it is not in the network; failed analyses go to `failures`. */
  role(id: string, failures?: string[]): NetworkRole | null;
}

type Outcome<T> = { ok: T } | { error: Error };
function once<T>(f: () => T): () => Outcome<T> {
  let memo: Outcome<T> | undefined;
  return () => {
    if (!memo) {
      try {
        memo = { ok: f() };
      } catch (e) {
        memo = { error: e as Error };
      }
    }
    return memo;
  };
}

/**
 * Junction rank among single parties and, when the party belongs to a business group (a
 * family and its companies), the group's rank with the group taken whole; membership of
 * the minimum vertex cut between suppliers and end users, for single parties and for
 * groups. End users are the parties carrying the FtM topic crime.terror when there are any
 * (the study's question: what separates suppliers from the armed group), else every
 * buyer that never sells. An analysis that fails is named in `failures`, at each role asked.
 *
 * The junctions and cuts are computed once, at the first role that needs them; a caller
 * that has the junction report already (the API keeps it per case) passes it in.
 */
export function networkRoles(
  net: Network,
  opts: { junctions?: JunctionReport } = {},
): NetworkRoles {
  const nodes = opts.junctions ?? junctions(net);
  const to = net.nodes.some((n) => n.topics.includes('crime.terror')) ? ROLE_TO_TERROR : ROLE_TO;
  const cut = once(() => networkChokepoints(net, { from: ROLE_FROM, to }));
  const groupJunctions = once(() => junctions(net, { groups: true }));
  const groupCut = once(() => networkChokepoints(net, { from: ROLE_FROM, to, groups: true }));

  function role(id: string, failures: string[] = []): NetworkRole | null {
    const node = net.byId.get(id);
    if (!node) return null;
    const row = nodes.junctions.find((j) => j.id === id) ?? null;
    const notes: string[] = [nodes.method];
    let cutMembers: { id: string; name: string }[] | undefined;
    let inCut: boolean | null = null;
    const c = cut();
    if ('ok' in c) {
      cutMembers = c.ok.cut.map((n) => ({ id: n.id, name: n.name }));
      inCut = c.ok.cut.some((n) => n.id === id);
      notes.push(
        `Minimum cut from ${ROLE_FROM} to ${to}: ${c.ok.cut_size} actor(s); ${Math.round(c.ok.supply_reachable_after * 100)} % of the suppliers' supply still reaches them after the cut (each commodity and unit apart, weighted by orders).`,
      );
    } else failures.push(`choke points: ${c.error.message}`);
    let group: NetworkRole['group'];
    if (node.group) {
      const gj = groupJunctions();
      if ('error' in gj) throw gj.error;
      const groups = gj.ok;
      const g = groups.junctions.find((j) => j.id === node.group);
      let groupInCut: boolean | null = null;
      const gc = groupCut();
      if ('ok' in gc) {
        groupInCut = gc.ok.cut.some((n) => n.id === node.group);
        notes.push(
          `With business groups taken whole the minimum cut is ${gc.ok.cut.map((n) => n.name).join(', ') || 'empty'}.`,
        );
      } else failures.push(`choke points (groups): ${gc.error.message}`);
      if (g)
        group = {
          id: g.id,
          name: g.name,
          rank: g.rank,
          of: groups.junctions.length,
          chains: g.chains,
          in_cut: groupInCut,
        };
      if (groupInCut) inCut = true;
    }
    return {
      junction_rank: row?.rank ?? null,
      junction_score: row ? row.betweenness : null,
      chains: row?.chains,
      junctions: nodes.junctions.length,
      in_cut: inCut,
      cut: cutMembers,
      group,
      commodities: row?.commodities ?? [],
      method: notes.map((t) => (/[.!?]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`)).join(' '),
    };
  }
  return { junctions: nodes, role };
}

export interface CentralityOptions {
  /** Fold each business group into one node. */
  groups?: boolean;
  /** Estimate betweenness from this many seeded random pivots (Brandes & Pich 2007). */
  pivots?: number;
  /** Worker threads for exact betweenness (1: on this thread). */
  threads?: number;
  onProgress?: Progress;
}

/**
 * Degree, betweenness (exact, or estimated from pivots with its error bound) over the
 * directed supply edges, and Louvain communities over all edges taken undirected, of every
 * party (or business group): highest betweenness first, then degree, then id.
 */
export async function networkCentrality(
  base: Network,
  opts: CentralityOptions = {},
): Promise<CentralityReport> {
  const net = opts.groups ? collapseGroups(base) : base;
  const { graph, ids } = supplyGraph(net);
  const onProgress = opts.onProgress;
  let bc: Float64Array;
  let error: CentralityReport['betweenness_error'] = null;
  if (opts.pivots) {
    const s = sampledBetweenness(graph, opts.pivots, { normalized: true, onProgress });
    bc = s.values;
    error = s.error;
  } else
    bc =
      (opts.threads ?? 1) > 1
        ? await betweennessParallel(graph, { threads: opts.threads, normalized: true, onProgress })
        : betweenness(graph, { normalized: true, onProgress });
  const deg = degrees(graph);
  const communities = louvainCommunities(
    ids,
    net.edges.map((e) => ({ source: e.source, target: e.target, weight: 1 })),
  );
  const nodes = ids
    .map((id, i) => {
      const n = net.byId.get(id)!;
      return {
        id,
        name: n.name,
        schema: n.schema,
        group: n.group,
        in_degree: deg.in[i]!,
        out_degree: deg.out[i]!,
        betweenness: bc[i]!,
        community: communities.community.get(id) ?? null,
      };
    })
    .sort(
      (a, b) =>
        b.betweenness - a.betweenness ||
        b.in_degree + b.out_degree - (a.in_degree + a.out_degree) ||
        a.id.localeCompare(b.id),
    );
  return {
    nodes,
    communities: communities.count,
    modularity: communities.modularity,
    betweenness_error: error,
    graph: 'directed supply edges; communities over all edges, undirected',
  };
}
