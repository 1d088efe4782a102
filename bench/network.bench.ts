import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UndirectedGraph } from 'graphology';
import betweennessModule from 'graphology-metrics/centrality/betweenness.js';
import {
  betweenness,
  betweennessParallel,
  pivotError,
  sampledBetweenness,
} from '../src/network/centrality/betweenness.ts';
import {
  compactFromEdges,
  reachable,
  type CompactGraph,
} from '../src/network/centrality/compact.ts';
import { minVertexCut } from '../src/network/flow/vertex-cut.ts';
import { report, scaled, time } from './harness.ts';

/**
 * Network benchmarks against igraph and NetworkX (run from Debian's /usr/bin/python3 on
 * the same edge files, in the same run) and graphology-metrics:
 * 1. exact betweenness on a random graph of 5 k nodes / 20 k edges, one thread and two;
 * 2. the minimum vertex cut on a layered supply network of 1 M edges whose cut is a
 *    broker layer plus bypassing distributors, not the supplier set;
 * 3. pivot-sampled betweenness on a 1 M-edge random graph, with its stated error.
 */
type Betweenness = typeof betweennessModule.default;
const graphologyBetweenness = ((betweennessModule as unknown as { default?: Betweenness })
  .default ?? betweennessModule) as Betweenness;
const PYTHON = '/usr/bin/python3';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x / 4294967296);
}

/** A simple undirected random graph (no loops, no duplicate edges). */
function randomGraph(n: number, m: number, seed: number): { src: Int32Array; dst: Int32Array } {
  const r = lcg(seed);
  const seen = new Set<number>();
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  let k = 0;
  while (k < m) {
    const a = Math.floor(r() * n);
    const b = Math.floor(r() * n);
    if (a === b) continue;
    const key = a < b ? a * n + b : b * n + a;
    if (seen.has(key)) continue;
    seen.add(key);
    src[k] = a;
    dst[k] = b;
    k++;
  }
  return { src, dst };
}

/**
 * A layered supply network: suppliers → distributors → brokers → carriers → end users,
 * with a narrow broker layer and a few distributors that bypass it straight to carriers.
 * The minimum cut is therefore the brokers plus the bypassing distributors (or their
 * carriers), far fewer than the suppliers or the end users.
 */
function layeredSupply(totalEdges: number, seed: number) {
  const r = lcg(seed);
  const scale = totalEdges / 1_000_000;
  const size = (x: number) => Math.max(2, Math.round(x * scale));
  const layers = [size(2000), size(50_000), size(300), size(50_000), size(1000)];
  const start: number[] = [];
  let n = 0;
  for (const l of layers) {
    start.push(n);
    n += l;
  }
  const src: number[] = [];
  const dst: number[] = [];
  const pick = (layer: number) => start[layer]! + Math.floor(r() * layers[layer]!);
  const link = (a: number, b: number, count: number) => {
    for (let i = 0; i < count; i++) {
      src.push(pick(a));
      dst.push(pick(b));
    }
  };
  link(0, 1, size(200_000));
  link(1, 2, size(290_000));
  link(2, 3, size(200_000));
  link(3, 4, size(280_000));
  // Trade inside a layer: distributors sell on to distributors, carriers hand over to carriers.
  link(1, 1, size(15_000));
  link(3, 3, size(15_000));
  // The bypass: a few distributors ship straight to carriers.
  const bypass = size(150);
  for (let i = 0; i < bypass; i++) {
    src.push(pick(1));
    dst.push(pick(3));
  }
  const sources = Array.from({ length: layers[0]! }, (_, i) => start[0]! + i);
  const targets = Array.from({ length: layers[4]! }, (_, i) => start[4]! + i);
  return { n, src: Int32Array.from(src), dst: Int32Array.from(dst), sources, targets, layers };
}

function writeEdges(file: string, src: ArrayLike<number>, dst: ArrayLike<number>): void {
  const parts: string[] = [];
  for (let i = 0; i < src.length; i++) parts.push(`${src[i]} ${dst[i]}`);
  writeFileSync(file, parts.join('\n') + '\n');
}

const PEERS_PY = String.raw`
import json, sys, time
task = json.loads(sys.argv[1])
out = {}
try:
    import igraph as ig
except Exception as e:
    ig = None
    out['igraph_error'] = str(e)
try:
    import networkx as nx
except Exception as e:
    nx = None
    out['networkx_error'] = str(e)

def read_edges(path):
    es = []
    with open(path) as f:
        for line in f:
            a, b = line.split()
            es.append((int(a), int(b)))
    return es

edges = read_edges(task['edges'])
n = task['n']
if task['kind'] == 'betweenness':
    if ig:
        g = ig.Graph(n=n, edges=edges, directed=False)
        t = time.perf_counter(); c0 = time.process_time(); b = g.betweenness(directed=False); out['igraph_cpu_ms'] = (time.process_time() - c0) * 1000; out['igraph_ms'] = (time.perf_counter() - t) * 1000
        out['igraph_values'] = b
    if nx and task.get('networkx', True):
        G = nx.Graph(); G.add_nodes_from(range(n)); G.add_edges_from(edges)
        t = time.perf_counter(); c0 = time.process_time(); nx.betweenness_centrality(G, normalized=False); out['networkx_cpu_ms'] = (time.process_time() - c0) * 1000; out['networkx_ms'] = (time.perf_counter() - t) * 1000
elif task['kind'] == 'sampled':
    if nx:
        G = nx.Graph(); G.add_nodes_from(range(n)); G.add_edges_from(edges)
        k = task['k']
        t = time.perf_counter(); c0 = time.process_time(); nx.betweenness_centrality(G, k=k, normalized=False, seed=1); out['networkx_cpu_ms'] = (time.process_time() - c0) * 1000; out['networkx_ms'] = (time.perf_counter() - t) * 1000
        out['networkx_k'] = k
elif task['kind'] == 'cut':
    S = set(task['sources']); T = set(task['targets'])
    BIG = float(len(edges) + n + 10)
    ss, tt = 2 * n, 2 * n + 1
    es, caps = [], []
    for v in range(n):
        if v in S: es.append((ss, 2 * v + 1)); caps.append(BIG)
        elif v in T: es.append((2 * v, tt)); caps.append(BIG)
        else: es.append((2 * v, 2 * v + 1)); caps.append(1.0)
    for a, b in edges:
        if a == b or a in T or b in S or (a in S and b in T): continue
        es.append((2 * a + 1, 2 * b)); caps.append(BIG)
    if ig:
        g = ig.Graph(n=2 * n + 2, edges=es, directed=True)
        t = time.perf_counter(); c0 = time.process_time(); c = g.mincut(ss, tt, capacity=caps)
        side = set(c.partition[0]) if ss in c.partition[0] else set(c.partition[1])
        cut = [v for v in range(n) if (2 * v) in side and (2 * v + 1) not in side and v not in S and v not in T]
        out['igraph_ms'] = (time.perf_counter() - t) * 1000
        out['igraph_cpu_ms'] = (time.process_time() - c0) * 1000
        out['igraph_value'] = c.value
        out['igraph_cut_size'] = len(cut)
    if nx and task.get('networkx', True):
        G = nx.DiGraph()
        for (a, b), c in zip(es, caps): G.add_edge(a, b, capacity=c)
        t = time.perf_counter(); c0 = time.process_time(); value, (reach, _) = nx.minimum_cut(G, ss, tt)
        out['networkx_ms'] = (time.perf_counter() - t) * 1000
        out['networkx_cpu_ms'] = (time.process_time() - c0) * 1000
        out['networkx_value'] = value
print(json.dumps(out))
`;

function runPeers(
  dir: string,
  task: Record<string, unknown>,
  timeoutMs: number,
): Record<string, unknown> | null {
  if (!existsSync(PYTHON)) return null;
  const script = join(dir, 'peers.py');
  writeFileSync(script, PEERS_PY);
  const r = spawnSync(PYTHON, [script, JSON.stringify(task)], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    process.stdout.write(
      `  (python peers failed or timed out: ${r.error?.message ?? r.stderr.slice(-400)})\n`,
    );
    return null;
  }
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function peersNote(p: Record<string, unknown> | null): string {
  if (!p) return `no ${PYTHON}: igraph and NetworkX not run`;
  const missing = [
    p.igraph_error && 'python3-igraph',
    p.networkx_error && 'python3-networkx',
  ].filter(Boolean);
  return missing.length
    ? `${missing.join(' and ')} absent (apt-get install -y python3-igraph python3-networkx)`
    : '';
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-network-bench-'));
  // NETWORK_BENCH_ONLY=betweenness|cut|sampled runs one part (for development).
  const only = process.env.NETWORK_BENCH_ONLY;
  try {
    if (!only || only === 'betweenness') await benchBetweenness(dir);
    if (!only || only === 'cut') benchCut(dir);
    if (!only || only === 'sampled') await benchSampled(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchBetweenness(dir: string): Promise<void> {
  {
    // 1. Exact betweenness, 5 k nodes / 20 k edges.
    const n1 = scaled(5000);
    const m1 = scaled(20_000);
    const g1 = randomGraph(n1, m1, 42);
    const c1 = compactFromEdges(n1, g1.src, g1.dst, false);
    const file1 = join(dir, 'bc.edges');
    writeEdges(file1, g1.src, g1.dst);
    let ours1: Float64Array = new Float64Array(0);
    const one = measure(() => (ours1 = betweenness(c1)), 3);
    const twoThreads = await time(() => betweennessParallel(c1, { threads: 2 }), 3);
    const gg = new UndirectedGraph();
    for (let i = 0; i < n1; i++) gg.addNode(i);
    for (let i = 0; i < m1; i++) gg.addEdge(g1.src[i]!, g1.dst[i]!);
    const graphology = measure(
      () => graphologyBetweenness(gg, { normalized: false, getEdgeWeight: null }),
      1,
    );
    const peers1 = runPeers(dir, { kind: 'betweenness', edges: file1, n: n1 }, 1_800_000);
    const size1 = `${n1} nodes, ${m1} edges, undirected`;
    const check = peers1?.igraph_values
      ? `max |ours − igraph| = ${maxAbsDiff(ours1, peers1.igraph_values as number[]).toExponential(1)}`
      : '';
    const num = (x: unknown) => (typeof x === 'number' ? x : null);
    const wallNote = (peerWall: number | null) =>
      `CPU time, as the 2 cores are shared; wall ${fmt(one.wall)} vs ${fmt(peerWall)}`;
    report({
      bench: 'betweenness exact',
      size: size1,
      ours: 'typed-array Brandes, 1 thread',
      ours_ms: one.cpu,
      peer: 'igraph',
      peer_ms: num(peers1?.igraph_cpu_ms),
      note: [wallNote(num(peers1?.igraph_ms)), check, peersNote(peers1)].filter(Boolean).join('; '),
    });
    report({
      bench: 'betweenness exact',
      size: size1,
      ours: 'typed-array Brandes, 2 worker threads (wall)',
      ours_ms: twoThreads,
      peer: 'igraph, 1 thread (wall)',
      peer_ms: num(peers1?.igraph_ms),
      note: `wall times; our 1-thread wall ${fmt(one.wall)}`,
    });
    report({
      bench: 'betweenness exact',
      size: size1,
      ours: 'typed-array Brandes, 1 thread',
      ours_ms: one.cpu,
      peer: 'graphology-metrics',
      peer_ms: graphology.cpu,
      note: `CPU time; wall ${fmt(one.wall)} vs ${fmt(graphology.wall)}`,
    });
    report({
      bench: 'betweenness exact',
      size: size1,
      ours: 'typed-array Brandes, 1 thread',
      ours_ms: one.cpu,
      peer: 'NetworkX',
      peer_ms: num(peers1?.networkx_cpu_ms),
      note: wallNote(num(peers1?.networkx_ms)),
    });

    // Empirical error of pivot sampling on the same graph, beside its Hoeffding bound.
    const k1 = Math.max(1, Math.round(n1 / 10));
    const est = sampledBetweenness(c1, k1, { seed: 7 });
    const norm = n1 * (n1 - 2);
    process.stdout.write(
      `  sampled with ${k1} pivots on the 5 k graph: max error ${(maxAbsDiff(est.values, ours1) / norm).toExponential(2)} × n(n−2), stated bound ${est.error.epsilon.toFixed(3)} (δ = 0.05)\n`,
    );
  }
}

function benchCut(dir: string): void {
  {
    // 2. Minimum vertex cut on a layered supply network of 1 M edges.
    const m2 = scaled(1_000_000);
    const sup = layeredSupply(m2, 7);
    const c2 = compactFromEdges(sup.n, sup.src, sup.dst, true);
    const file2 = join(dir, 'cut.edges');
    writeEdges(file2, sup.src, sup.dst);
    let cut: ReturnType<typeof minVertexCut> | undefined;
    const cutTimes = measure(
      () => (cut = minVertexCut({ graph: c2, sources: sup.sources, targets: sup.targets })),
      3,
    );
    const removed = new Uint8Array(sup.n);
    for (const v of cut!.cut) removed[v] = 1;
    const left = reachable(c2, sup.sources, removed);
    const separated = sup.targets.every((t) => !left[t]);
    const cutMs = cutTimes.cpu;
    const peers2 = runPeers(
      dir,
      {
        kind: 'cut',
        edges: file2,
        n: sup.n,
        sources: sup.sources,
        targets: sup.targets,
        networkx: m2 <= 300_000,
      },
      900_000,
    );
    const brokers = cut!.cut.filter(
      (v) =>
        v >= sup.layers[0]! + sup.layers[1]! &&
        v < sup.layers[0]! + sup.layers[1]! + sup.layers[2]!,
    ).length;
    report({
      bench: 'minimum vertex cut',
      size: `${sup.n} nodes, ${sup.src.length} edges, ${sup.sources.length} suppliers → ${sup.targets.length} end users`,
      ours: 'node split + Dinic (incl. building the split network), node set returned',
      ours_ms: cutMs,
      peer: 'igraph mincut on the node-split graph',
      peer_ms: (peers2?.igraph_cpu_ms as number | undefined) ?? null,
      note: [
        `CPU time; wall ${fmt(cutTimes.wall)} vs ${fmt((peers2?.igraph_ms as number | undefined) ?? null)}`,
        `cut ${cut!.cut.length} nodes (${brokers} brokers), separates: ${separated}`,
        peers2?.igraph_value !== undefined
          ? `igraph cut value ${peers2.igraph_value as number}`
          : '',
        peersNote(peers2),
      ]
        .filter(Boolean)
        .join('; '),
    });
    if (peers2?.networkx_ms !== undefined) {
      report({
        bench: 'minimum vertex cut',
        size: `${sup.src.length} edges`,
        ours: 'node split + Dinic',
        ours_ms: cutMs,
        peer: 'NetworkX minimum_cut',
        peer_ms: peers2.networkx_ms as number,
      });
    } else
      process.stdout.write(
        '  NetworkX minimum_cut is not run above 300 k edges: its dict-of-dicts DiGraph of the 2.3 M-arc split network takes minutes to build\n',
      );
  }
}

async function benchSampled(dir: string): Promise<void> {
  {
    // 3. Pivot-sampled betweenness on 1 M edges.
    const n3 = scaled(250_000);
    const m3 = scaled(1_000_000);
    const g3 = randomGraph(n3, m3, 9);
    const c3 = compactFromEdges(n3, g3.src, g3.dst, false);
    const pivots = Math.min(n3, 500);
    const t0 = performance.now();
    await betweennessParallel(c3, {
      threads: 2,
      sources: Int32Array.from(sampledPivots(n3, pivots)),
    });
    const sampledMs = performance.now() - t0;
    const err = pivotError(n3, pivots);
    const file3 = join(dir, 'sampled.edges');
    writeEdges(file3, g3.src, g3.dst);
    const nxK = Math.min(pivots, 20);
    const peers3 = runPeers(dir, { kind: 'sampled', edges: file3, n: n3, k: nxK }, 900_000);
    const nxMs =
      peers3?.networkx_ms !== undefined ? ((peers3.networkx_ms as number) * pivots) / nxK : null;
    report({
      bench: 'betweenness sampled',
      size: `${n3} nodes, ${m3} edges, ${pivots} pivots`,
      ours: 'pivot Brandes, 2 threads',
      ours_ms: sampledMs,
      peer: `NetworkX k-pivot betweenness (timed on ${nxK} pivots, scaled to ${pivots})`,
      peer_ms: nxMs,
      note: `error: ${err.statement}${peers3 ? '' : `; ${peersNote(peers3)}`}`,
    });
  }
}

/**
 * Median wall and CPU time (user + system of this process) of `runs` runs. The machine's
 * two cores are shared with other work, so single-thread comparisons use CPU time, which
 * waiting for a core does not inflate; Python reports process_time() alike.
 */
function measure(fn: () => unknown, runs: number): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const mid = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  return { wall: mid(walls), cpu: mid(cpus) };
}

function fmt(ms: number | null): string {
  return ms === null ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function sampledPivots(n: number, k: number): number[] {
  const r = lcg(1234);
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(r() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, k);
}

export type { CompactGraph };
