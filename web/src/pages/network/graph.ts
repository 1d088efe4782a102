// The network graph as graphology holds it and Sigma draws it: colours, nodes, edges, layout.
import type Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import type { CaseResponse, Schemas } from '../../api.ts';

type GraphNode = Schemas['GraphNode'];
type GraphEdge = Schemas['GraphEdge'];
/** What the graph draws of a node: the neighbourhood of an entity gives no junction score. */
export type DrawnNode = Pick<GraphNode, 'id' | 'label' | 'schema' | 'x' | 'y'> &
  Partial<Pick<GraphNode, 'junction_score' | 'junction_rank'>>;
export type DrawnEdge = Pick<GraphEdge, 'id' | 'source' | 'target' | 'kind' | 'commodity'> &
  Partial<Pick<GraphEdge, 'dates'>>;

export const SCHEMA_COLOURS: Record<string, string> = {
  Person: '#1f77b4',
  Company: '#2ca02c',
  Organization: '#9467bd',
  LegalEntity: '#8c564b',
  Family: '#e377c2',
};
/** Edge colours by kind, for the graph and its legend. */
export const EDGE_COLOURS: Record<string, string> = {
  supply: '#b5482b',
  control: '#6b7b8c',
  payment: '#d4a017',
  link: '#b8c0c8',
};
export const CUT_COLOUR = '#d62728';
export const JUNCTION_RING = '#ff9800';
/** A path asked for (supply path, or the shortest chain between two parties). */
export const PATH_COLOUR = '#111111';

export function addNode(g: Graph, n: DrawnNode, i: number, total: number): void {
  if (g.hasNode(n.id)) return;
  // Golden-angle spiral: an even, deterministic start for the force layout.
  const angle = i * 2.399963;
  const radius = Math.sqrt(i + 1) / Math.sqrt(Math.max(1, total));
  g.addNode(n.id, {
    label: n.label,
    schema: n.schema,
    junction: Number(n.junction_score ?? 0),
    junctionRank: n.junction_rank ?? null,
    x: n.x ?? Math.cos(angle) * radius * 10,
    y: n.y ?? Math.sin(angle) * radius * 10,
    size: 4 + Math.min(10, Number(n.junction_score ?? 0) * 10),
    color: SCHEMA_COLOURS[n.schema] ?? '#7f7f7f',
  });
}

export function addEdge(g: Graph, e: DrawnEdge): void {
  if (!g.hasNode(e.source) || !g.hasNode(e.target) || g.hasEdge(e.id)) return;
  g.addDirectedEdgeWithKey(e.id, e.source, e.target, {
    kind: e.kind,
    commodities: e.commodity ? e.commodity.split(', ') : [],
    dates: e.dates ?? [],
    label: e.commodity ?? e.kind,
    size: e.kind === 'supply' ? 2 : 1,
    color: EDGE_COLOURS[e.kind] ?? '#b8c0c8',
    type: 'arrow',
  });
}

/** Graphs up to this size are laid out before the first frame; bigger ones in a worker. */
const SYNC_LAYOUT_MAX = 1000;

/**
 * ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, PLoS ONE 9(6): e98679). Small
 * graphs get a fixed number of iterations synchronously (stable positions at once); big
 * ones are drawn at once and settle in a web worker for a bounded time, with Barnes–Hut
 * (Barnes & Hut 1986) approximation, so the page never freezes.
 */
export function layout(g: Graph, onDone: () => void): (() => void) | null {
  if (g.order < 2) return null;
  const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: g.order > 500 };
  if (g.order <= SYNC_LAYOUT_MAX) {
    forceAtlas2.assign(g, { iterations: g.order > 500 ? 100 : 300, settings });
    return null;
  }
  const worker = new FA2Layout(g, { settings });
  worker.start();
  const timer = window.setTimeout(
    () => {
      worker.stop();
      onDone();
    },
    Math.min(8000, 1500 + g.order),
  );
  return () => {
    window.clearTimeout(timer);
    worker.kill();
  };
}

/** An entity's neighbourhood (entities and their relations), drawn as nodes and links around it. */
export function addNeighbourhood(
  g: Graph,
  id: string,
  d: CaseResponse<'entities/{id}/neighbours'>,
): void {
  const base = g.getNodeAttributes(id) as { x: number; y: number };
  d.nodes.forEach((n, i) =>
    addNode(
      g,
      {
        id: n.id,
        label: n.caption,
        schema: n.schema,
        x: base.x + Math.cos(i) * 0.5,
        y: base.y + Math.sin(i) * 0.5,
      },
      i,
      d.nodes.length,
    ),
  );
  d.edges.forEach((r) =>
    addEdge(g, {
      id: r.id,
      source: r.source_id,
      target: r.target_id,
      kind: 'link',
      commodity: r.schema,
    }),
  );
}

/**
 * What the graph shows: edges of one commodity and dated within a period (a control or
 * association link, which carries no goods, always shows), and the parts of a path
 * asked for, drawn over the rest.
 */
export interface GraphView {
  commodity: string;
  since: string;
  until: string;
  pathNodes: Set<string>;
  /** Pairs `source\u0000target` of the path's steps, either way round. */
  pathPairs: Set<string>;
}

export const NO_VIEW: GraphView = {
  commodity: '',
  since: '',
  until: '',
  pathNodes: new Set(),
  pathPairs: new Set(),
};

export function filtering(v: GraphView): boolean {
  return Boolean(v.commodity || v.since || v.until);
}

/** Does an edge pass the view's commodity and period? */
export function edgeShown(
  attrs: { kind?: string; commodities?: string[]; dates?: string[] },
  v: GraphView,
): boolean {
  if (attrs.kind !== 'supply' && attrs.kind !== 'payment') return true;
  if (v.commodity && attrs.kind === 'supply' && !(attrs.commodities ?? []).includes(v.commodity))
    return false;
  if (v.since || v.until) {
    const dates = attrs.dates ?? [];
    if (!dates.some((d) => (!v.since || d >= v.since) && (!v.until || d <= v.until))) return false;
  }
  return true;
}

/** The path's steps as pairs for `GraphView.pathPairs`. */
export function pathPairs(steps: { source: string; target: string }[]): Set<string> {
  const out = new Set<string>();
  for (const s of steps) {
    out.add(`${s.source}\u0000${s.target}`);
    out.add(`${s.target}\u0000${s.source}`);
  }
  return out;
}
