import type { ChokepointResult } from './schema.ts';
import { ChokepointError } from '../core/errors.ts';
import { betweenness } from './centrality/betweenness.ts';
import { reachable, reverseCompact, type CompactGraph } from './centrality/compact.ts';
import { minVertexCut, nodeDisjointPaths } from './flow/vertex-cut.ts';
import { prop } from './ftm.ts';
import { collapseGroups, supplyGraph, type Network, type NetworkNode } from './graph.ts';
import { selectNodes } from './selectors.ts';

export interface ChokepointOptions {
  from: string;
  to: string;
  /** Fold business groups into single nodes (a group is cut as a whole). */
  groups?: boolean;
  /**
   * Cost of acting against each node: an FtM property name holding a number (missing: 1),
   * or a map from entity id to cost. A group costs the sum of its members.
   */
  weights?: string | Map<string, number> | null;
  /** With a budget: which actors (k of them, or cost k when weighted) remove the most supply. */
  budget?: number | null;
  onProgress?: (done: number, total: number, label?: string) => void;
}

export type { ChokepointResult, CutNode } from './schema.ts';

/** The supply graph and the orders in scope: those whose goods pass a source (or something downstream of one). */
export function makeSupply(
  net: Network,
  graph: CompactGraph,
  reverse: CompactGraph,
  index: Map<string, number>,
  ids: string[],
  sources: number[],
  targets: number[],
): Supply {
  const isTarget = new Uint8Array(ids.length);
  for (const t of targets) isTarget[t] = 1;
  const fromSources = reachable(graph, sources);
  const scope = net.orders
    .map((o) => ({
      order_id: o.order_id,
      chain: o.chain.map((v) => index.get(v)!),
      volume: o.quantity ?? 0,
      commodity: o.commodity.id,
      label: o.commodity.label,
      unit: o.unit,
    }))
    .filter((o) => o.chain.some((v) => fromSources[v]));
  return { net, graph, reverse, index, ids, scope, isTarget };
}

export interface Supply {
  net: Network;
  graph: CompactGraph;
  reverse: CompactGraph;
  index: Map<string, number>;
  ids: string[];
  scope: {
    order_id: string;
    chain: number[];
    volume: number;
    commodity: string;
    label: string;
    unit: string | null;
  }[];
  isTarget: Uint8Array;
}

/**
 * Orders whose goods reach a target when `removed` are gone: every party of the order's
 * chain survives up to the first target it meets, and the last party still has a supply
 * path to a target.
 */
export function reachingOrders(
  s: Supply,
  targets: number[],
  removed: Uint8Array | null,
): Set<string> {
  const toTarget = reachable(s.reverse, targets, removed ?? undefined);
  const out = new Set<string>();
  for (const o of s.scope) {
    let ok = false;
    for (const v of o.chain) {
      if (removed?.[v]) break;
      if (s.isTarget[v]) {
        ok = true;
        break;
      }
    }
    if (!ok) {
      const last = o.chain[o.chain.length - 1]!;
      ok = o.chain.every((v) => !removed?.[v]) && toTarget[last] === 1;
    }
    if (ok) out.add(o.order_id);
  }
  return out;
}

/**
 * For every node, the order volume that stops reaching the targets if that node alone is
 * removed (on top of `removed`). An order is lost by removing v when v is on its chain
 * (before the first target it meets) or when every supply path from its last party to
 * the targets passes v, i.e. v dominates that party in the reversed graph rooted at the
 * targets. Dominators by Cooper, Harvey & Kennedy, "A Simple, Fast Dominance Algorithm"
 * (Software Practice & Experience, 2001); subtree sums over the dominator tree then give
 * all losses in O(m + orders) per greedy step instead of one reachability pass per
 * candidate.
 */
export function marginalLosses(
  s: Supply,
  targets: number[],
  removed: Uint8Array,
  reaching: Set<string>,
  useCount: boolean,
): Float64Array {
  const n = s.ids.length;
  const root = n;
  const g = s.graph;
  const rev = s.reverse;
  // Postorder of a DFS from the virtual root over reversed edges (root → targets → their suppliers …).
  const post = new Int32Array(n + 1).fill(-1);
  const order: number[] = [];
  const visited = new Uint8Array(n + 1);
  const targetList = targets.filter((t) => !removed[t]);
  const stackNode: number[] = [root];
  const stackEdge: number[] = [0];
  visited[root] = 1;
  while (stackNode.length) {
    const top = stackNode.length - 1;
    const v = stackNode[top]!;
    const i = stackEdge[top]!;
    const degree = v === root ? targetList.length : rev.offsets[v + 1]! - rev.offsets[v]!;
    if (i >= degree) {
      post[v] = order.length;
      order.push(v);
      stackNode.pop();
      stackEdge.pop();
      continue;
    }
    stackEdge[top] = i + 1;
    const next = v === root ? targetList[i]! : rev.targets[rev.offsets[v]! + i]!;
    if (!visited[next] && !removed[next]) {
      visited[next] = 1;
      stackNode.push(next);
      stackEdge.push(0);
    }
  }
  const idom = new Int32Array(n + 1).fill(-1);
  idom[root] = root;
  const isTarget = s.isTarget;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (post[a]! < post[b]!) a = idom[a]!;
      while (post[b]! < post[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let k = order.length - 1; k >= 0; k--) {
      const b = order[k]!;
      if (b === root) continue;
      // Predecessors of b in the reversed graph: b's supply successors, and the root for a target.
      let nd = isTarget[b] ? root : -1;
      for (let e = g.offsets[b]!; e < g.offsets[b + 1]!; e++) {
        const p = g.targets[e]!;
        if (removed[p] || !visited[p] || idom[p] === -1) continue;
        nd = nd === -1 ? p : intersect(p, nd);
      }
      if (nd !== -1 && idom[b] !== nd) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  // Dominator tree: entry/exit times for ancestor tests, children for subtree sums.
  const children: number[][] = Array.from({ length: n + 1 }, () => []);
  for (const v of order) if (v !== root && idom[v]! >= 0) children[idom[v]!]!.push(v);
  const tin = new Int32Array(n + 1);
  const tout = new Int32Array(n + 1);
  const preorder: number[] = [];
  let clock = 0;
  const walk: [number, number][] = [[root, 0]];
  while (walk.length) {
    const top = walk[walk.length - 1]!;
    if (top[1] === 0) {
      tin[top[0]] = clock++;
      preorder.push(top[0]);
    }
    if (top[1] < children[top[0]]!.length) walk.push([children[top[0]]![top[1]++]!, 0]);
    else {
      tout[top[0]] = clock++;
      walk.pop();
    }
  }
  const dominates = (a: number, b: number) =>
    visited[b] === 1 && tin[a]! <= tin[b]! && tout[b]! <= tout[a]!;
  const loss = new Float64Array(n);
  const atNode = new Float64Array(n + 1);
  for (const o of s.scope) {
    if (!reaching.has(o.order_id)) continue;
    const vol = useCount ? 1 : o.volume;
    const firstTarget = o.chain.findIndex((v) => isTarget[v]);
    if (firstTarget >= 0) {
      for (const v of new Set(o.chain.slice(0, firstTarget))) loss[v]! += vol;
      continue;
    }
    const last = o.chain[o.chain.length - 1]!;
    atNode[last]! += vol;
    for (const v of new Set(o.chain)) if (v !== last && !dominates(v, last)) loss[v]! += vol;
  }
  for (let k = preorder.length - 1; k >= 0; k--) {
    const v = preorder[k]!;
    if (v !== root) {
      atNode[idom[v]!]! += atNode[v]!;
      loss[v]! += atNode[v]!;
    }
  }
  return loss;
}

function volumeOf(s: Supply, ids: Set<string>, useCount: boolean): number {
  let v = 0;
  for (const o of s.scope) if (ids.has(o.order_id)) v += useCount ? 1 : o.volume;
  return v;
}

function nodeWeight(n: NetworkNode, base: Network, weights: ChokepointOptions['weights']): number {
  if (!weights) return 1;
  const one = (m: NetworkNode): number => {
    let raw: unknown;
    if (weights instanceof Map) raw = weights.get(m.id);
    else raw = m.entity ? prop(m.entity, weights) : null;
    if (raw === undefined || raw === null || raw === '') return 1;
    const w = Number(raw);
    if (!(w >= 0)) {
      throw new ChokepointError('CP_BAD_GRAPH', `the weight of ${m.id} is not a cost`, {
        field: weights instanceof Map ? `weights[${m.id}]` : `${m.id}.properties.${weights}`,
        expected: 'a number >= 0',
        got: String(raw),
      });
    }
    return w;
  };
  if (n.schema === 'BusinessGroup') {
    const g = base.groups.find((x) => x.id === n.id)!;
    return g.members.reduce((a, m) => a + one(base.byId.get(m)!), 0);
  }
  return one(n);
}

/**
 * Choke points between the selected sources and targets.
 *
 * Without a budget: the minimum (weighted) vertex cut by node splitting and Dinic
 * max-flow (see flow/vertex-cut.ts); sources and targets are never cut, since they are
 * what is separated. With a budget k: greedy selection with marginal gain (Kempe,
 * Kleinberg & Tardos, "Maximizing the spread of influence through a social network",
 * KDD 2003, for the greedy scheme): each step removes the actor whose removal cuts the
 * most order volume still reaching the targets (per unit of cost when weighted), among
 * actors on some source → target path; if the exact minimum cut fits the budget and does
 * at least as well, it is returned instead. Greedy is not optimal in general; its steps
 * are listed so the reader can judge.
 */
export function chokepoints(base: Network, opts: ChokepointOptions): ChokepointResult {
  if (opts.budget !== undefined && opts.budget !== null && !(opts.budget > 0)) {
    throw new ChokepointError('CP_BAD_OPTION', 'bad budget', {
      field: 'budget',
      expected: 'a number > 0 (actors, or cost when weighted)',
      got: String(opts.budget),
    });
  }
  const net = opts.groups ? collapseGroups(base) : base;
  const fromNodes = selectNodes(net, opts.from, 'from', opts.groups ? base : undefined);
  const toNodes = selectNodes(net, opts.to, 'to', opts.groups ? base : undefined);
  const both = fromNodes.filter((n) => toNodes.includes(n));
  if (both.length) {
    throw new ChokepointError(
      'CP_BAD_SELECTOR',
      `${both.map((n) => `${n.id} (${n.name})`).join(', ')} selected by both --from and --to`,
      {
        field: 'to',
        expected: 'targets disjoint from the sources (narrow one selector)',
        got: opts.to,
      },
    );
  }
  const { graph, index, ids } = supplyGraph(net);
  const reverse = reverseCompact(graph);
  const sources = fromNodes.map((n) => index.get(n.id)!);
  const targets = toNodes.map((n) => index.get(n.id)!);
  const weights = Float64Array.from(net.nodes, (n) => nodeWeight(n, base, opts.weights));
  const weighted = Boolean(opts.weights);

  const s = makeSupply(net, graph, reverse, index, ids, sources, targets);
  const scope = s.scope;
  const fromSources = reachable(graph, sources);
  const useCount = scope.every((o) => o.volume === 0);

  opts.onProgress?.(0, 1, 'minimum cut');
  const exact = minVertexCut({ graph, sources, targets, weights: weighted ? weights : null });
  const pathsBefore = nodeDisjointPaths(graph, sources, targets);
  const before = reachingOrders(s, targets, null);
  const volumeBefore = volumeOf(s, before, useCount);
  const notes: string[] = [];

  let chosen = exact.cut;
  let method = `minimum ${weighted ? 'weighted ' : ''}vertex cut: node splitting + Dinic max-flow (exact)`;
  const steps: ChokepointResult['steps'] = [];
  if (opts.budget) {
    const budget = opts.budget;
    const toTarget = reachable(reverse, targets);
    const isSource = new Uint8Array(ids.length);
    for (const v of sources) isSource[v] = 1;
    const candidates: number[] = [];
    for (let v = 0; v < ids.length; v++)
      if (fromSources[v] && toTarget[v] && !isSource[v] && !s.isTarget[v]) candidates.push(v);
    const bc = betweenness(graph);
    const removed = new Uint8Array(ids.length);
    const picked: number[] = [];
    let spent = 0;
    let current = volumeBefore;
    for (let step = 0; ; step++) {
      let best = -1;
      let bestGain = 0;
      let bestVolume = current;
      // One dominator pass gives every candidate's marginal loss at once.
      const reachNow = reachingOrders(s, targets, removed);
      const loss = marginalLosses(s, targets, removed, reachNow, useCount);
      for (const c of candidates) {
        if (removed[c] || spent + (weighted ? weights[c]! : 1) > budget + 1e-9) continue;
        const gain = loss[c]! / (weighted ? Math.max(weights[c]!, 1e-9) : 1);
        if (
          gain > bestGain + 1e-12 ||
          (Math.abs(gain - bestGain) <= 1e-12 && best >= 0 && gain > 0 && bc[c]! > bc[best]!)
        ) {
          best = c;
          bestGain = gain;
          bestVolume = current - loss[c]!;
        }
      }
      if (best < 0) break;
      removed[best] = 1;
      picked.push(best);
      spent += weighted ? weights[best]! : 1;
      current = bestVolume;
      steps.push({
        id: ids[best]!,
        name: net.nodes[best]!.name,
        supply_reachable_after: volumeBefore > 0 ? current / volumeBefore : 0,
      });
      opts.onProgress?.(step + 1, Math.max(step + 1, Math.ceil(budget)), 'greedy');
      if (current === 0) break;
    }
    chosen = picked;
    method = `greedy with marginal gain: up to ${budget} ${weighted ? 'cost units' : 'actors'}, each step removing the actor that cuts the most order volume still reaching the targets${weighted ? ' per unit of cost' : ''} (ties: higher betweenness)`;
    const removedExact = new Uint8Array(ids.length);
    for (const v of exact.cut) removedExact[v] = 1;
    const exactVolume = volumeOf(s, reachingOrders(s, targets, removedExact), useCount);
    if (
      exact.cost <= budget + 1e-9 &&
      (exactVolume < current || (exactVolume === current && exact.cut.length < picked.length))
    ) {
      chosen = exact.cut;
      method = `the exact minimum vertex cut (cost ${exact.cost}) fits the budget of ${budget} and does at least as well as greedy with marginal gain, so it is returned`;
    }
    if (current > 0 && exact.cost > budget)
      notes.push(
        `the budget (${budget}) is below the minimum cut's cost (${exact.cost}): some supply still gets through`,
      );
  }

  const removed = new Uint8Array(ids.length);
  for (const v of chosen) removed[v] = 1;
  const after = reachingOrders(s, targets, removed);
  const volumeAfter = volumeOf(s, after, useCount);
  const pathsAfter = nodeDisjointPaths(graph, sources, targets, removed);
  if (exact.direct.length)
    notes.push(
      `${exact.direct.length} direct source→target edge(s): no third party stands between them, so no cut can break them`,
    );
  if (volumeBefore === 0)
    notes.push('no order volume from the sources reaches the targets in the first place');
  if (useCount) notes.push('orders carry no quantities: volume is counted in orders');

  const byCommodity = new Map<string, ChokepointResult['by_commodity'][number]>();
  for (const o of scope) {
    if (!before.has(o.order_id)) continue;
    let c = byCommodity.get(o.commodity);
    if (!c)
      byCommodity.set(
        o.commodity,
        (c = {
          commodity: o.commodity,
          label: o.label,
          unit: [],
          volume_before: 0,
          volume_after: 0,
          share_after: 0,
        }),
      );
    const v = useCount ? 1 : o.volume;
    c.volume_before += v;
    if (after.has(o.order_id)) c.volume_after += v;
    if (o.unit && !c.unit.includes(o.unit)) c.unit.push(o.unit);
  }
  for (const c of byCommodity.values())
    c.share_after = c.volume_before > 0 ? c.volume_after / c.volume_before : 0;
  const describeNode = (n: NetworkNode) => ({ id: n.id, name: n.name, schema: n.schema });
  const scopeVolume = useCount ? scope.length : scope.reduce((a, o) => a + o.volume, 0);

  return {
    from: opts.from,
    to: opts.to,
    cut: chosen.map((v) => ({ ...describeNode(net.nodes[v]!), weight: weights[v]! })),
    cut_size: chosen.length,
    paths_before: pathsBefore,
    paths_after: pathsAfter,
    supply_reachable_after: volumeBefore > 0 ? volumeAfter / volumeBefore : 0,
    cut_cost: chosen.reduce((a, v) => a + weights[v]!, 0),
    supply_reachable_before: scopeVolume > 0 ? volumeBefore / scopeVolume : 0,
    method,
    mode: opts.groups ? 'groups' : 'nodes',
    sources: fromNodes.map(describeNode),
    targets: toNodes.map(describeNode),
    direct_edges: exact.direct.map(([a, b]) => ({ from: ids[a]!, to: ids[b]! })),
    volume_before: volumeBefore,
    volume_after: volumeAfter,
    orders_reaching_before: [...before].sort(),
    orders_reaching_after: [...after].sort(),
    by_commodity: [...byCommodity.values()],
    cut_near_targets:
      !opts.budget && exact.cutNearTargets.join() !== exact.cut.join()
        ? exact.cutNearTargets.map((v) => describeNode(net.nodes[v]!))
        : null,
    min_cut: opts.budget
      ? { ids: exact.cut.map((v) => ids[v]!), cut_size: exact.cut.length, cut_cost: exact.cost }
      : null,
    steps,
    notes,
  };
}
