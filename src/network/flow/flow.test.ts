import { describe, expect, it } from 'vitest';
import { compactFromEdges, reachable, type CompactGraph } from '../centrality/compact.ts';
import { FlowNetwork } from './maxflow.ts';
import { minVertexCut, nodeDisjointPaths } from './vertex-cut.ts';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x / 4294967296);
}

/** Max flow as the cheapest edge cut over every node subset holding s and not t. */
function bruteMinEdgeCut(
  n: number,
  arcs: [number, number, number][],
  s: number,
  t: number,
): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << n; mask++) {
    if (!(mask & (1 << s)) || mask & (1 << t)) continue;
    let c = 0;
    for (const [u, v, cap] of arcs) if (mask & (1 << u) && !(mask & (1 << v))) c += cap;
    best = Math.min(best, c);
  }
  return best;
}

function separates(
  g: CompactGraph,
  sources: number[],
  targets: number[],
  removed: Uint8Array,
): boolean {
  // Direct source→target edges are outside any vertex cut, so they are ignored here too.
  const isT = new Set(targets);
  const isS = new Set(sources);
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < g.n; u++)
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const v = g.targets[e]!;
      if (isS.has(u) && isT.has(v)) continue;
      src.push(u);
      dst.push(v);
    }
  const seen = reachable(compactFromEdges(g.n, src, dst, true), sources, removed);
  return targets.every((t) => !seen[t]);
}

/** The cheapest set of non-terminal nodes whose removal separates, by trying them all. */
function bruteVertexCut(
  g: CompactGraph,
  sources: number[],
  targets: number[],
  w: number[],
): number {
  const candidates = [...Array(g.n).keys()].filter(
    (v) => !sources.includes(v) && !targets.includes(v),
  );
  let best = Infinity;
  for (let mask = 0; mask < 1 << candidates.length; mask++) {
    const removed = new Uint8Array(g.n);
    let cost = 0;
    candidates.forEach((v, i) => {
      if (mask & (1 << i)) {
        removed[v] = 1;
        cost += w[v]!;
      }
    });
    if (cost < best && separates(g, sources, targets, removed)) best = cost;
  }
  return best;
}

function randomDigraph(r: () => number, n: number, p: number) {
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < n; u++)
    for (let v = 0; v < n; v++)
      if (u !== v && r() < p) {
        src.push(u);
        dst.push(v);
      }
  return compactFromEdges(n, src, dst, true);
}

describe('Dinic max-flow', () => {
  it('equals the brute-force minimum cut on 300 small random networks', () => {
    const r = lcg(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + Math.floor(r() * 7);
      const arcs: [number, number, number][] = [];
      for (let u = 0; u < n; u++)
        for (let v = 0; v < n; v++)
          if (u !== v && r() < 0.4)
            arcs.push([u, v, trial % 3 === 0 ? 1 : Math.floor(r() * 9) + 1]);
      // parallel arcs too
      if (arcs.length && r() < 0.3) arcs.push([...arcs[0]!]);
      const net = new FlowNetwork(n, 4);
      for (const [u, v, c] of arcs) net.addArc(u, v, c);
      const flow = net.maxFlow(0, n - 1);
      expect(flow).toBeCloseTo(bruteMinEdgeCut(n, arcs, 0, n - 1), 9);
      const side = net.sourceSide(0);
      expect(side[0]).toBe(1);
      expect(side[n - 1]).toBe(0);
    }
  });

  it('refuses bad arcs and s = t with coded errors', () => {
    const net = new FlowNetwork(3);
    expect(() => net.addArc(0, 7, 1)).toThrow(/outside the network/);
    expect(() => net.addArc(0, 1, -1)).toThrow(/bad capacity/);
    expect(() => net.maxFlow(1, 1)).toThrow(/same node/);
  });
});

describe('minimum vertex cut by node splitting', () => {
  it('matches brute force on 400 small random graphs, weighted and unweighted, and really separates', () => {
    const r = lcg(5);
    for (let trial = 0; trial < 400; trial++) {
      const n = 3 + Math.floor(r() * 7);
      const g = randomDigraph(r, n, 0.15 + r() * 0.35);
      const order = [...Array(n).keys()].sort(() => r() - 0.5);
      const ns = 1 + Math.floor(r() * 2);
      const nt = 1 + Math.floor(r() * 2);
      const sources = order.slice(0, ns);
      const targets = order.slice(ns, ns + nt);
      const weighted = trial % 2 === 1;
      const w = [...Array(n)].map(() => (weighted ? 1 + Math.floor(r() * 5) : 1));
      const res = minVertexCut({ graph: g, sources, targets, weights: weighted ? w : null });
      expect(res.cost).toBe(bruteVertexCut(g, sources, targets, w));
      const removed = new Uint8Array(n);
      for (const v of res.cut) removed[v] = 1;
      expect(separates(g, sources, targets, removed)).toBe(true);
      expect(res.cut.reduce((a, v) => a + w[v]!, 0)).toBe(res.cost);
      const near = new Uint8Array(n);
      for (const v of res.cutNearTargets) near[v] = 1;
      expect(separates(g, sources, targets, near)).toBe(true);
      expect(res.cutNearTargets.reduce((a, v) => a + w[v]!, 0)).toBe(res.cost);
      for (const v of res.cut) expect(sources.includes(v) || targets.includes(v)).toBe(false);
      if (!weighted)
        expect(nodeDisjointPaths(g, sources, targets)).toBe(res.cost + res.direct.length);
    }
  });

  it('finds the bottleneck rather than the source set in a layered network', () => {
    // 0,1,2 → 3 → 4,5 → 6 : one broker carries everything.
    const g = compactFromEdges(7, [0, 1, 2, 3, 3, 4, 5], [3, 3, 3, 4, 5, 6, 6], true);
    const r = minVertexCut({ graph: g, sources: [0, 1, 2], targets: [6] });
    expect(r.cut).toEqual([3]);
    expect(r.cutNearTargets).toEqual([3]);
    expect(nodeDisjointPaths(g, [0, 1, 2], [6])).toBe(1);
    // Costly broker: the two carriers behind it are cheaper together.
    const w = [1, 1, 1, 10, 2, 3, 1];
    expect(minVertexCut({ graph: g, sources: [0, 1, 2], targets: [6], weights: w }).cut).toEqual([
      4, 5,
    ]);
  });

  it('reports direct source→target edges instead of pretending to cut them', () => {
    const g = compactFromEdges(3, [0, 0, 1], [2, 1, 2], true);
    const r = minVertexCut({ graph: g, sources: [0], targets: [2] });
    expect(r.cut).toEqual([1]);
    expect(r.direct).toEqual([[0, 2]]);
    expect(nodeDisjointPaths(g, [0], [2])).toBe(2);
  });

  it('refuses overlapping or empty node sets and bad weights', () => {
    const g = compactFromEdges(3, [0, 1], [1, 2], true);
    expect(() => minVertexCut({ graph: g, sources: [0], targets: [0] })).toThrow(
      /both a source and a target/,
    );
    expect(() => minVertexCut({ graph: g, sources: [], targets: [2] })).toThrow(/no sources/);
    expect(() =>
      minVertexCut({ graph: g, sources: [0], targets: [2], weights: [1, -1, 1] }),
    ).toThrow(/bad weight/);
  });
});
