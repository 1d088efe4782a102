import type { CompactGraph } from './compact.ts';

/** In-, out- and total degree of every node of a compact graph (counting parallel edges). */
export function degrees(g: CompactGraph): { in: Int32Array; out: Int32Array; total: Int32Array } {
  const outDeg = new Int32Array(g.n);
  const inDeg = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) {
    outDeg[v] = g.offsets[v + 1]! - g.offsets[v]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) inDeg[g.targets[e]!]!++;
  }
  const total = new Int32Array(g.n);
  // An undirected graph stores each edge twice, so in and out are the same count.
  for (let v = 0; v < g.n; v++) total[v] = g.directed ? outDeg[v]! + inDeg[v]! : outDeg[v]!;
  return { in: inDeg, out: outDeg, total };
}
