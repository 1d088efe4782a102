import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { ChokepointError } from '../../core/errors.ts';

// The package is CommonJS: under NodeNext its default import is `module.exports` at run time
// but typed as the module record, so take whichever holds the function.
type Louvain = typeof louvainModule.default;
const louvain = ((louvainModule as unknown as { default?: Louvain }).default ??
  louvainModule) as Louvain;

export interface CommunityResult {
  /** Community number per node id. */
  community: Map<string, number>;
  count: number;
  modularity: number;
}

/**
 * Louvain communities (Blondel, Guillaume, Lambiotte & Lefebvre, "Fast unfolding of
 * communities in large networks", J. Stat. Mech. 2008) via graphology-communities-louvain,
 * on the undirected weighted projection of the network: an investigator's "who works
 * with whom" is symmetric even where goods flow one way. A seeded generator keeps the
 * numbering the same from run to run.
 */
export function louvainCommunities(
  nodes: string[],
  edges: { source: string; target: string; weight?: number }[],
  seed = 7,
): CommunityResult {
  const g = new UndirectedGraph({ allowSelfLoops: false });
  for (const id of nodes) g.mergeNode(id);
  for (const [i, e] of edges.entries()) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) {
      throw new ChokepointError('CP_BAD_GRAPH', `edge ${i} names a node that is not in the list`, {
        field: `edges[${i}]`,
        expected: 'source and target among the nodes',
        got: `${e.source}->${e.target}`,
      });
    }
    if (e.source === e.target) continue;
    const w = e.weight ?? 1;
    if (g.hasEdge(e.source, e.target))
      g.updateEdgeAttribute(e.source, e.target, 'weight', (x: number | undefined) => (x ?? 0) + w);
    else g.addEdge(e.source, e.target, { weight: w });
  }
  let x = seed >>> 0 || 1;
  const rng = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
  const detailed = louvain.detailed(g, { getEdgeWeight: 'weight', rng });
  const community = new Map<string, number>(Object.entries(detailed.communities));
  return { community, count: detailed.count, modularity: g.size === 0 ? 0 : detailed.modularity };
}
