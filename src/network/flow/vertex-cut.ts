import { ChokepointError } from '../../core/errors.ts';
import type { CompactGraph } from '../centrality/compact.ts';
import { FlowNetwork } from './maxflow.ts';

export interface VertexCutInput {
  /** Directed graph of who passes goods to whom. */
  graph: CompactGraph;
  sources: number[];
  targets: number[];
  /** Cost of removing each node (default 1 each); Infinity makes a node uncuttable. */
  weights?: ArrayLike<number> | null;
  /** Nodes already gone (a previous cut), as flags. */
  removed?: Uint8Array | null;
  onPhase?: (phase: number, flow: number) => void;
}

export interface VertexCutResult {
  /** The nodes to remove, ascending. */
  cut: number[];
  /** Sum of their weights (their count when unweighted). */
  cost: number;
  /** Source→target edges with no node between them: no vertex cut can break these. */
  direct: [number, number][];
  /**
   * The minimum cut lying nearest the targets (from the residual network seen from the
   * sink side). `cut` is the one nearest the sources; when they differ, both are minimum
   * and the choice between them is the investigator's.
   */
  cutNearTargets: number[];
}

function validate(input: VertexCutInput): { isSource: Uint8Array; isTarget: Uint8Array } {
  const { graph, sources, targets, weights } = input;
  if (!graph || !graph.directed)
    throw new ChokepointError('CP_BAD_GRAPH', 'a vertex cut needs a directed graph', {
      field: 'graph',
      expected: 'a directed compact graph',
    });
  const n = graph.n;
  const isSource = new Uint8Array(n);
  const isTarget = new Uint8Array(n);
  for (const [field, list, flags] of [
    ['sources', sources, isSource],
    ['targets', targets, isTarget],
  ] as const) {
    if (!Array.isArray(list) || list.length === 0)
      throw new ChokepointError('CP_BAD_GRAPH', `no ${field}`, {
        field,
        expected: 'at least one node index',
      });
    for (const v of list) {
      if (!Number.isInteger(v) || v < 0 || v >= n)
        throw new ChokepointError('CP_BAD_GRAPH', `bad node in ${field}`, {
          field,
          expected: `node indices in 0..${n - 1}`,
          got: String(v),
        });
      flags[v] = 1;
    }
  }
  for (const v of sources) {
    if (isTarget[v])
      throw new ChokepointError('CP_BAD_GRAPH', `node ${v} is both a source and a target`, {
        field: 'targets',
        expected: 'targets disjoint from the sources',
      });
  }
  if (weights) {
    if (weights.length !== n)
      throw new ChokepointError('CP_BAD_GRAPH', 'one weight per node is needed', {
        field: 'weights',
        expected: `${n} weights`,
        got: String(weights.length),
      });
    for (let v = 0; v < n; v++) {
      if (!(weights[v]! >= 0))
        throw new ChokepointError('CP_BAD_GRAPH', `node ${v} has a bad weight`, {
          field: `weights[${v}]`,
          expected: 'a number >= 0 (Infinity: may not be cut)',
          got: String(weights[v]),
        });
    }
  }
  return { isSource, isTarget };
}

/**
 * Minimum-weight vertex cut between node sets by node splitting and max-flow: each node v
 * becomes v_in → v_out with capacity w(v), each edge u → v becomes u_out → v_in with
 * infinite capacity, so a minimum s-t edge cut can only cross split arcs, i.e. nodes
 * (Ford & Fulkerson, "Flows in Networks", 1962, ch. I.11; Menger's theorem when all
 * weights are 1). Sources and targets are never candidates: they are what the cut
 * separates. Edges into sources and out of targets are dropped (a path through another
 * source or target has a shorter suffix that the cut must break anyway), and direct
 * source → target edges are set aside and reported, since removing a third node cannot
 * break them.
 */
export function minVertexCut(input: VertexCutInput): VertexCutResult {
  const { isSource, isTarget } = validate(input);
  const { graph, weights, removed } = input;
  const n = graph.n;
  const S = 2 * n;
  const T = 2 * n + 1;
  const net = new FlowNetwork(2 * n + 2, n + graph.targets.length + 2);
  const direct: [number, number][] = [];
  for (let v = 0; v < n; v++) {
    if (removed?.[v]) continue;
    if (isSource[v]) net.addArc(S, 2 * v + 1, Infinity);
    else if (isTarget[v]) net.addArc(2 * v, T, Infinity);
    else net.addArc(2 * v, 2 * v + 1, weights ? weights[v]! : 1);
  }
  for (let u = 0; u < n; u++) {
    if (removed?.[u] || isTarget[u]) continue;
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const v = graph.targets[e]!;
      if (v === u || removed?.[v] || isSource[v]) continue;
      if (isSource[u] && isTarget[v]) {
        direct.push([u, v]);
        continue;
      }
      net.addArc(2 * u + 1, 2 * v, Infinity);
    }
  }
  const cost = net.maxFlow(S, T, input.onPhase);
  const side = net.sourceSide(S);
  const sinkSide = net.sinkSide(T);
  const cut: number[] = [];
  const cutNearTargets: number[] = [];
  for (let v = 0; v < n; v++) {
    if (isSource[v] || isTarget[v] || removed?.[v]) continue;
    if (side[2 * v] && !side[2 * v + 1]) cut.push(v);
    if (!sinkSide[2 * v] && sinkSide[2 * v + 1]) cutNearTargets.push(v);
  }
  return { cut, cost, direct: dedupePairs(direct), cutNearTargets };
}

/**
 * The greatest number of source → target paths that share no node other than their ends
 * (sources and targets may be shared): the unit-weight cut's size, by Menger's theorem,
 * plus the direct edges.
 */
export function nodeDisjointPaths(
  graph: CompactGraph,
  sources: number[],
  targets: number[],
  removed?: Uint8Array | null,
): number {
  const r = minVertexCut({ graph, sources, targets, removed });
  return r.cost + r.direct.length;
}

function dedupePairs(pairs: [number, number][]): [number, number][] {
  const seen = new Set<string>();
  return pairs.filter(([a, b]) => {
    const k = `${a},${b}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
