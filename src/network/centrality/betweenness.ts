import { Worker } from 'node:worker_threads';
import { ChokepointError, toChokepointError } from '../../core/errors.ts';
import type { CompactGraph } from './compact.ts';

/**
 * Accumulates unnormalised betweenness from the given BFS sources into `out`.
 *
 * Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), 2001:
 * one BFS per source counts shortest paths (sigma), then dependencies are summed back
 * in reverse BFS order. We walk successors (dist + 1) instead of keeping predecessor lists,
 * as in Brandes' own remark on saving memory: nothing is allocated per source, which is
 * what makes this several times faster than a list-of-lists implementation.
 *
 * The function is self-contained on purpose (no closures, no imports): the two-core
 * variant ships its source text to worker threads.
 */
export function brandesKernel(
  n: number,
  offsets: Int32Array,
  targets: Int32Array,
  sources: Int32Array,
  out: Float64Array,
  onSource?: (done: number) => void,
): void {
  const dist = new Int32Array(n).fill(-1);
  const sigma = new Float64Array(n);
  const coef = new Float64Array(n);
  const order = new Int32Array(n);
  for (let si = 0; si < sources.length; si++) {
    const s = sources[si]!;
    let tail = 0;
    order[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1;
    for (let head = 0; head < tail; head++) {
      const v = order[head]!;
      const dv = dist[v]! + 1;
      const sv = sigma[v]!;
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e++) {
        const w = targets[e]!;
        const dw = dist[w]!;
        if (dw < 0) {
          dist[w] = dv;
          sigma[w] = sv;
          order[tail++] = w;
        } else if (dw === dv) sigma[w]! += sv;
      }
    }
    // coef[v] = (1 + delta[v]) / sigma[v], so each arc costs a multiply-add, not a division.
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i]!;
      const dn = dist[w]! + 1;
      let sum = 0;
      for (let e = offsets[w]!, end = offsets[w + 1]!; e < end; e++) {
        const v = targets[e]!;
        if (dist[v] === dn) sum += coef[v]!;
      }
      const sw = sigma[w]!;
      const d = sw * sum;
      coef[w] = (1 + d) / sw;
      out[w]! += d;
    }
    for (let i = 0; i < tail; i++) {
      const v = order[i]!;
      dist[v] = -1;
      sigma[v] = 0;
      coef[v] = 0;
    }
    if (onSource && (si & 255) === 255) onSource(si + 1);
  }
}

export interface BetweennessOptions {
  /** Divide by (n-1)(n-2), as graphology-metrics and NetworkX do with normalized=true. */
  normalized?: boolean;
  onProgress?: (done: number, total: number) => void;
}

function validate(g: CompactGraph): void {
  if (
    !g ||
    !(g.offsets instanceof Int32Array) ||
    !(g.targets instanceof Int32Array) ||
    g.offsets.length !== g.n + 1
  ) {
    throw new ChokepointError('CP_BAD_GRAPH', 'not a compact graph', {
      field: 'graph',
      expected: 'offsets: Int32Array(n + 1) and targets: Int32Array (see compactFromEdges)',
    });
  }
}

function finish(g: CompactGraph, raw: Float64Array, normalized: boolean): Float64Array {
  // Undirected graphs count every pair from both ends.
  let scale = g.directed ? 1 : 0.5;
  if (normalized) scale = g.n <= 2 ? 1 : 1 / ((g.n - 1) * (g.n - 2));
  if (scale !== 1) for (let i = 0; i < raw.length; i++) raw[i]! *= scale;
  return raw;
}

function allSources(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/** Exact betweenness of every node, on one thread (unweighted shortest paths). */
export function betweenness(g: CompactGraph, opts: BetweennessOptions = {}): Float64Array {
  validate(g);
  const out = new Float64Array(g.n);
  brandesKernel(
    g.n,
    g.offsets,
    g.targets,
    allSources(g.n),
    out,
    opts.onProgress && ((d) => opts.onProgress!(d, g.n)),
  );
  opts.onProgress?.(g.n, g.n);
  return finish(g, out, opts.normalized ?? false);
}

export interface SampledBetweenness {
  values: Float64Array;
  pivots: number;
  /**
   * Hoeffding bound with a union bound over all nodes: with probability at least
   * 1 - delta, every node's estimate is within epsilon * n(n-2) (raw) of the exact value,
   * i.e. within epsilon of it on the normalised scale times n/(n-1).
   */
  error: { epsilon: number; delta: number; statement: string };
}

/** xorshift32: a seeded generator so a sampled run can be repeated exactly. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** k distinct pivots chosen uniformly (partial Fisher-Yates). */
export function choosePivots(n: number, k: number, seed = 1): Int32Array {
  const all = allSources(n);
  const r = rng(seed);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(r() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, take);
}

/** The Hoeffding error of a pivot estimate: epsilon for k pivots at confidence 1 - delta. */
export function pivotError(n: number, k: number, delta = 0.05): SampledBetweenness['error'] {
  const epsilon =
    k >= n ? 0 : Math.sqrt(Math.log((2 * Math.max(n, 1)) / delta) / (2 * Math.max(k, 1)));
  return {
    epsilon,
    delta,
    statement:
      k >= n
        ? 'exact: every node was a pivot'
        : `with probability >= ${1 - delta}, every node's estimate is within ${epsilon.toFixed(4)} x n(n-2) of its exact (unnormalised) betweenness ` +
          `(Hoeffding bound over ${k} uniform pivots, union bound over ${n} nodes)`,
  };
}

/**
 * Betweenness estimated from k pivot sources, scaled by n/k.
 *
 * Brandes & Pich, "Centrality estimation in large networks", Int. J. Bifurcation and
 * Chaos 17(7), 2007: uniform random pivots give an unbiased estimate; each source's
 * dependency on a node lies in [0, n-2], so Hoeffding's inequality bounds the error.
 */
export function sampledBetweenness(
  g: CompactGraph,
  k: number,
  opts: BetweennessOptions & { seed?: number; delta?: number } = {},
): SampledBetweenness {
  validate(g);
  if (!Number.isInteger(k) || k < 1)
    throw new ChokepointError('CP_BAD_OPTION', 'bad pivot count', {
      field: 'pivots',
      expected: 'an integer >= 1',
      got: String(k),
    });
  const pivots = choosePivots(g.n, k, opts.seed);
  const out = new Float64Array(g.n);
  brandesKernel(
    g.n,
    g.offsets,
    g.targets,
    pivots,
    out,
    opts.onProgress && ((d) => opts.onProgress!(d, pivots.length)),
  );
  const scale = g.n / pivots.length;
  for (let i = 0; i < g.n; i++) out[i]! *= scale;
  return {
    values: finish(g, out, opts.normalized ?? false),
    pivots: pivots.length,
    error: pivotError(g.n, pivots.length, opts.delta),
  };
}

/**
 * Exact (or pivot-sampled) betweenness on `threads` worker threads. The graph goes to
 * the workers once through SharedArrayBuffers; each worker runs the same kernel on an
 * interleaved share of the sources (interleaving balances hubs across workers).
 */
export async function betweennessParallel(
  g: CompactGraph,
  opts: BetweennessOptions & { threads?: number; sources?: Int32Array } = {},
): Promise<Float64Array> {
  validate(g);
  const threads = Math.max(1, opts.threads ?? 2);
  const sources = opts.sources ?? allSources(g.n);
  const offsets = shared(g.offsets);
  const targets = shared(g.targets);
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const brandesKernel = ${brandesKernel.toString()};
    const { n, offsets, targets, sources } = workerData;
    const out = new Float64Array(n);
    brandesKernel(n, new Int32Array(offsets), new Int32Array(targets), new Int32Array(sources), out, (d) => parentPort.postMessage({ done: d }));
    parentPort.postMessage({ out }, [out.buffer]);
  `;
  const shares: Int32Array[] = [];
  for (let t = 0; t < threads; t++) {
    const mine: number[] = [];
    for (let i = t; i < sources.length; i += threads) mine.push(sources[i]!);
    shares.push(Int32Array.from(mine));
  }
  const done = new Array<number>(threads).fill(0);
  const parts = await Promise.all(
    shares.map(
      (mine, t) =>
        new Promise<Float64Array>((resolve, reject) => {
          const w = new Worker(code, {
            eval: true,
            workerData: { n: g.n, offsets, targets, sources: mine },
          });
          w.on('message', (m: { done?: number; out?: Float64Array }) => {
            if (m.out) {
              resolve(m.out);
              void w.terminate();
            } else if (m.done !== undefined && opts.onProgress) {
              done[t] = m.done;
              opts.onProgress(
                done.reduce((a, b) => a + b, 0),
                sources.length,
              );
            }
          });
          // The kernel throws no coded error (the graph was validated above, on this
          // thread): a failure in a worker is an internal one, and a worker that stops
          // without its answer is refused rather than awaited for ever.
          w.on('error', (e) => reject(toChokepointError(e)));
          w.on('exit', (code) =>
            reject(
              new ChokepointError('CP_INTERNAL', `betweenness worker ${t} exited with ${code}`),
            ),
          );
        }),
    ),
  );
  const out = new Float64Array(g.n);
  for (const p of parts) for (let i = 0; i < g.n; i++) out[i]! += p[i]!;
  if (opts.sources) {
    const scale = g.n / sources.length;
    for (let i = 0; i < g.n; i++) out[i]! *= scale;
  }
  return finish(g, out, opts.normalized ?? false);
}

function shared(a: Int32Array): SharedArrayBuffer {
  const buf = new SharedArrayBuffer(a.byteLength);
  new Int32Array(buf).set(a);
  return buf;
}
