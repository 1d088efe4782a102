import { ChokepointError } from '../../core/errors.ts';

/**
 * A graph as compressed sparse rows: the out-neighbours of node v are
 * `targets[offsets[v] .. offsets[v + 1])`. Undirected graphs store each edge both ways.
 * Typed arrays keep 1 M edges in a few megabytes and let workers share them.
 */
export interface CompactGraph {
  n: number;
  directed: boolean;
  offsets: Int32Array;
  targets: Int32Array;
}

/** Builds a compact graph from parallel arrays of edge ends (node indices 0..n-1). */
export function compactFromEdges(
  n: number,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
  directed: boolean,
): CompactGraph {
  if (!Number.isInteger(n) || n < 0)
    throw new ChokepointError('CP_BAD_GRAPH', 'bad node count', {
      field: 'n',
      expected: 'a non-negative integer',
      got: String(n),
    });
  if (sources.length !== targets.length) {
    throw new ChokepointError('CP_BAD_GRAPH', 'edge arrays differ in length', {
      field: 'targets',
      expected: `${sources.length} targets, one per source`,
    });
  }
  const m = sources.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    const s = sources[i]!;
    const t = targets[i]!;
    if (!(s >= 0 && s < n && t >= 0 && t < n) || !Number.isInteger(s) || !Number.isInteger(t)) {
      throw new ChokepointError('CP_BAD_GRAPH', `edge ${i} has an end outside the graph`, {
        field: `edges[${i}]`,
        expected: `node indices in 0..${n - 1}`,
        got: `${s}->${t}`,
      });
    }
    offsets[s + 1]!++;
    if (!directed) offsets[t + 1]!++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const out = new Int32Array(offsets[n]!);
  const fill = offsets.slice(0, n);
  for (let i = 0; i < m; i++) {
    const s = sources[i]!;
    const t = targets[i]!;
    out[fill[s]!++] = t;
    if (!directed) out[fill[t]!++] = s;
  }
  return { n, directed, offsets, targets: out };
}

/** The same graph with every edge turned round (in-neighbours become out-neighbours). */
export function reverseCompact(g: CompactGraph): CompactGraph {
  if (!g.directed) return g;
  const src = new Int32Array(g.targets.length);
  for (let v = 0; v < g.n; v++) for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) src[e] = v;
  return compactFromEdges(g.n, g.targets, src, true);
}

/** Nodes reachable from any of `starts`, skipping nodes flagged in `blocked`. */
export function reachable(
  g: CompactGraph,
  starts: Iterable<number>,
  blocked?: Uint8Array,
): Uint8Array {
  const seen = new Uint8Array(g.n);
  const queue = new Int32Array(g.n);
  let tail = 0;
  for (const s of starts) {
    if (seen[s] || blocked?.[s]) continue;
    seen[s] = 1;
    queue[tail++] = s;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
      const w = g.targets[e]!;
      if (seen[w] || blocked?.[w]) continue;
      seen[w] = 1;
      queue[tail++] = w;
    }
  }
  return seen;
}
