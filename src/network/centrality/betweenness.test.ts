import { DirectedGraph, UndirectedGraph } from 'graphology';
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import { describe, expect, it } from 'vitest';
import { betweenness, betweennessParallel, pivotError, sampledBetweenness } from './betweenness.ts';
import { compactFromEdges, type CompactGraph } from './compact.ts';
import { degrees } from './degree.ts';
import { louvainCommunities } from './communities.ts';

type Betweenness = typeof betweennessModule.default;
const betweennessCentrality = ((betweennessModule as unknown as { default?: Betweenness })
  .default ?? betweennessModule) as Betweenness;

function randomGraph(n: number, m: number, seed: number, directed: boolean) {
  let x = seed;
  const r = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x / 4294967296);
  const g = directed ? new DirectedGraph() : new UndirectedGraph();
  for (let i = 0; i < n; i++) g.addNode(String(i));
  const src: number[] = [];
  const dst: number[] = [];
  for (let tries = 0; src.length < m && tries < m * 20; tries++) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    if (a === b || g.hasEdge(String(a), String(b))) continue;
    g.addEdge(String(a), String(b));
    src.push(a);
    dst.push(b);
  }
  return { g, compact: compactFromEdges(n, src, dst, directed) };
}

/** Betweenness straight from its definition: sum over pairs s<t of sigma_sv * sigma_vt / sigma_st. */
function definitionBetweenness(g: CompactGraph, orderedPairs = false): number[] {
  const dist: number[][] = [];
  const sigma: number[][] = [];
  for (let s = 0; s < g.n; s++) {
    const d = new Array<number>(g.n).fill(-1);
    const c = new Array<number>(g.n).fill(0);
    d[s] = 0;
    c[s] = 1;
    const q = [s];
    for (let i = 0; i < q.length; i++) {
      const v = q[i]!;
      for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
        const w = g.targets[e]!;
        if (d[w] === -1) {
          d[w] = d[v]! + 1;
          q.push(w);
        }
        if (d[w] === d[v]! + 1) c[w]! += c[v]!;
      }
    }
    dist.push(d);
    sigma.push(c);
  }
  const bc = new Array<number>(g.n).fill(0);
  for (let s = 0; s < g.n; s++)
    for (let t = orderedPairs ? 0 : s + 1; t < g.n; t++) {
      if (t === s || dist[s]![t]! <= 0) continue;
      for (let v = 0; v < g.n; v++) {
        if (v === s || v === t || dist[s]![v]! < 0 || dist[v]![t]! < 0) continue;
        if (dist[s]![v]! + dist[v]![t]! === dist[s]![t]!)
          bc[v]! += (sigma[s]![v]! * sigma[v]![t]!) / sigma[s]![t]!;
      }
    }
  return bc;
}

describe('compact Brandes betweenness', () => {
  it('equals graphology-metrics on 40 random directed graphs', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const n = 5 + (seed % 30);
      const { g, compact } = randomGraph(n, n * (1 + (seed % 4)), seed, true);
      for (const normalized of [false, true]) {
        const theirs = betweennessCentrality(g, { normalized, getEdgeWeight: null });
        const ours = betweenness(compact, { normalized });
        for (let v = 0; v < n; v++) expect(ours[v]).toBeCloseTo(theirs[String(v)]!, 9);
      }
    }
  });

  // graphology-metrics 2.4.2 is itself wrong on some denser graphs (directed n=32, m=256
  // from seed 87 of a 1..8 density sweep; undirected seed 27 here): on those, our values
  // equal NetworkX's and igraph's to 1e-14 and graphology's differ by up to 12. So every
  // graph is also checked against the definition, including undirected and dense ones.
  it('equals the pair-counting definition on 60 random graphs, directed and undirected, sparse and dense', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const directed = seed % 2 === 0;
      const n = 5 + (seed % 30);
      const { compact } = randomGraph(n, n * (1 + (seed % 8)), seed, directed);
      const ours = betweenness(compact);
      const byDefinition = definitionBetweenness(compact);
      // The definition sums unordered pairs; a directed graph counts both orders.
      const directedPairs = directed ? definitionBetweenness(compact, true) : byDefinition;
      for (let v = 0; v < n; v++) expect(ours[v]).toBeCloseTo(directedPairs[v]!, 9);
    }
  });

  it('gives a path graph its textbook values (middle node of 0-1-2 lies on 1 pair)', () => {
    const g = compactFromEdges(3, [0, 1], [1, 2], false);
    expect(Array.from(betweenness(g))).toEqual([0, 1, 0]);
  });

  it('two worker threads give the exact single-thread values', async () => {
    const { compact } = randomGraph(300, 1200, 99, true);
    const one = betweenness(compact);
    const two = await betweennessParallel(compact, { threads: 2 });
    for (let v = 0; v < compact.n; v++) expect(two[v]).toBeCloseTo(one[v]!, 6);
  });

  it('sampled betweenness stays within its stated error and is exact with all pivots', () => {
    const { compact } = randomGraph(400, 1600, 5, false);
    const exact = betweenness(compact);
    const s = sampledBetweenness(compact, 100, { seed: 3 });
    const bound = s.error.epsilon * compact.n * (compact.n - 2);
    let worst = 0;
    for (let v = 0; v < compact.n; v++) worst = Math.max(worst, Math.abs(s.values[v]! - exact[v]!));
    expect(worst).toBeLessThanOrEqual(bound);
    expect(worst).toBeGreaterThan(0);
    const full = sampledBetweenness(compact, compact.n);
    for (let v = 0; v < compact.n; v++) expect(full.values[v]).toBeCloseTo(exact[v]!, 6);
    expect(pivotError(400, 400).epsilon).toBe(0);
  });

  it('refuses a malformed graph with a coded error', () => {
    expect(() =>
      betweenness({ n: 3, directed: true, offsets: new Int32Array(2), targets: new Int32Array(0) }),
    ).toThrow(/compact graph/);
    expect(() => compactFromEdges(2, [0], [5], true)).toThrow(/outside the graph/);
  });
});

describe('degree and Louvain communities', () => {
  it('counts in and out degree', () => {
    const d = degrees(compactFromEdges(3, [0, 0, 1], [1, 2, 2], true));
    expect(Array.from(d.out)).toEqual([2, 1, 0]);
    expect(Array.from(d.in)).toEqual([0, 1, 2]);
  });

  it('separates two cliques joined by one edge', () => {
    const nodes = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4'];
    const edges = [];
    for (const p of ['a', 'b'])
      for (let i = 1; i <= 4; i++)
        for (let j = i + 1; j <= 4; j++) edges.push({ source: `${p}${i}`, target: `${p}${j}` });
    edges.push({ source: 'a1', target: 'b1' });
    const r = louvainCommunities(nodes, edges);
    expect(r.count).toBe(2);
    expect(r.community.get('a2')).toBe(r.community.get('a4'));
    expect(r.community.get('a2')).not.toBe(r.community.get('b3'));
    expect(r.modularity).toBeGreaterThan(0.3);
  });
});
