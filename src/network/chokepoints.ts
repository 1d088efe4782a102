import type { ChokepointResult, SupplyFigure } from './schema.ts';
import { ChokepointError } from '../core/errors.ts';
import { betweenness } from './centrality/betweenness.ts';
import {
  compactFromEdges,
  reachable,
  reverseCompact,
  type CompactGraph,
} from './centrality/compact.ts';
import { minVertexCut, nodeDisjointPaths } from './flow/vertex-cut.ts';
import { restrictToCommodity } from './commodity.ts';
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
  /**
   * Only this commodity (an id of `commodity.ts`, or one of the network's own classes): the
   * supply edges carrying it and the orders of it (`restrictToCommodity`).
   */
  commodity?: string | null;
  onProgress?: (done: number, total: number, label?: string) => void;
}

export type { ChokepointResult, CutNode, SupplyFigure } from './schema.ts';

/**
 * The supply graph as the cut sees it: edges into a source and out of a target are dropped
 * (a path through another source, or on past a target, has a shorter part the cut must
 * break anyway), and so are self-loops. The cut, the path counts and the surviving supply
 * are all measured on this one graph and the same source and target sets, so they cannot
 * disagree: an order counted as reaching a target walks a source → target path of it.
 */
export function cutGraph(
  graph: CompactGraph,
  isSource: Uint8Array,
  isTarget: Uint8Array,
): CompactGraph {
  const src: number[] = [];
  const dst: number[] = [];
  for (let u = 0; u < graph.n; u++) {
    if (isTarget[u]) continue;
    for (let e = graph.offsets[u]!; e < graph.offsets[u + 1]!; e++) {
      const v = graph.targets[e]!;
      if (v === u || isSource[v]) continue;
      src.push(u);
      dst.push(v);
    }
  }
  return compactFromEdges(graph.n, src, dst, true);
}

/** An order whose goods pass a selected source, as the surviving-supply measure sees it. */
export interface SupplyOrder {
  order_id: string;
  /** The parties its goods pass from the (last) selected source of its chain on. */
  chain: number[];
  commodity: string;
  label: string;
  /** The order's unit (null when it gives a quantity without one, or no quantity). */
  unit: string | null;
  /** `quantity`: measured by its quantity in `unit`; `orders`: it gives no quantity and counts 1. */
  measure: 'quantity' | 'orders';
  volume: number;
  /** Index into `Supply.rows`: its commodity, measure and unit. */
  row: number;
  /**
   * Its part of the single supply figure: its volume's share of its row's volume reaching
   * the targets before the cut, times the row's share of the orders reaching before (0 for
   * an order that does not reach before). The weights of the orders reaching sum to the
   * share of supply reaching.
   */
  weight: number;
}

/** One commodity in one unit (never two units in one row). */
export interface SupplyRow {
  commodity: string;
  label: string;
  unit: string | null;
  measure: 'quantity' | 'orders';
  orders_in_scope: number;
  in_scope: number;
  orders_before: number;
  before: number;
}

export interface Supply {
  net: Network;
  /** The supply graph as the cut sees it (`cutGraph`), and its reverse. */
  graph: CompactGraph;
  reverse: CompactGraph;
  index: Map<string, number>;
  ids: string[];
  isSource: Uint8Array;
  isTarget: Uint8Array;
  /** The orders whose goods pass a selected source: the sources' goods, and only theirs. */
  scope: SupplyOrder[];
  rows: SupplyRow[];
  /** Orders reaching a target before any cut. */
  before: Set<string>;
}

/**
 * The supply graph and the orders in scope. An order is in scope when a selected source is
 * on its chain (its seller, buyer or consignee): a cut scoped to some suppliers counts
 * their goods only, never another supplier's goods that happen to flow through the same
 * parties downstream. The goods are followed from the last source of the chain onward.
 */
export function makeSupply(
  net: Network,
  sources: number[],
  targets: number[],
  base: { graph: CompactGraph; index: Map<string, number>; ids: string[] } = supplyGraph(net),
): Supply {
  const { index, ids } = base;
  const isSource = new Uint8Array(ids.length);
  const isTarget = new Uint8Array(ids.length);
  for (const v of sources) isSource[v] = 1;
  for (const t of targets) isTarget[t] = 1;
  const graph = cutGraph(base.graph, isSource, isTarget);
  const rows: SupplyRow[] = [];
  const rowOf = new Map<string, number>();
  const scope: SupplyOrder[] = [];
  for (const o of net.orders) {
    const chain = o.chain.map((v) => index.get(v)!);
    let from = -1;
    for (let i = chain.length - 1; i >= 0 && from < 0; i--) if (isSource[chain[i]!]) from = i;
    if (from < 0) continue;
    const counted = !(typeof o.quantity === 'number' && Number.isFinite(o.quantity));
    const measure = counted ? 'orders' : 'quantity';
    const unit = counted ? null : o.unit?.trim() || null;
    const key = `${o.commodity.id}\u0000${measure}\u0000${unit ?? ''}`;
    let row = rowOf.get(key);
    if (row === undefined) {
      row = rows.length;
      rowOf.set(key, row);
      rows.push({
        commodity: o.commodity.id,
        label: o.commodity.label,
        unit,
        measure,
        orders_in_scope: 0,
        in_scope: 0,
        orders_before: 0,
        before: 0,
      });
    }
    const volume = counted ? 1 : o.quantity!;
    rows[row]!.orders_in_scope++;
    rows[row]!.in_scope += volume;
    scope.push({
      order_id: o.order_id,
      chain: chain.slice(from),
      commodity: o.commodity.id,
      label: o.commodity.label,
      unit,
      measure,
      volume,
      row,
      weight: 0,
    });
  }
  const s: Supply = {
    net,
    graph,
    reverse: reverseCompact(graph),
    index,
    ids,
    isSource,
    isTarget,
    scope,
    rows,
    before: new Set(),
  };
  s.before = reachingOrders(s, targets, null);
  let reachingBefore = 0;
  for (const o of scope) {
    if (!s.before.has(o.order_id)) continue;
    rows[o.row]!.orders_before++;
    rows[o.row]!.before += o.volume;
    reachingBefore++;
  }
  for (const o of scope) {
    if (!s.before.has(o.order_id)) continue;
    const r = rows[o.row]!;
    const within = r.before > 0 ? o.volume / r.before : 1 / r.orders_before;
    o.weight = (within * r.orders_before) / reachingBefore;
  }
  return s;
}

/**
 * Orders whose goods reach a target when `removed` are gone: every party of the order's
 * chain from its source on survives up to the first target it meets, or, meeting none,
 * its last party still has a path to a target in the cut's graph.
 */
export function reachingOrders(
  s: Supply,
  targets: number[],
  removed: Uint8Array | null,
): Set<string> {
  const toTarget = reachable(s.reverse, targets, removed ?? undefined);
  const out = new Set<string>();
  for (const o of s.scope) {
    let ok = true;
    let met = false;
    for (const v of o.chain) {
      if (removed?.[v]) {
        ok = false;
        break;
      }
      if (s.isTarget[v]) {
        met = true;
        break;
      }
    }
    if (ok && !met) ok = toTarget[o.chain[o.chain.length - 1]!] === 1;
    if (ok) out.add(o.order_id);
  }
  return out;
}

/**
 * Per commodity and unit, the volume of the sources' orders reaching the targets before and
 * after (`reaching`), and the single figure: each row's share (after ÷ before, by volume;
 * by orders when the row's volume is 0) averaged over the rows weighted by the orders
 * reaching before. Units are never added together. 0 when nothing reaches after.
 */
export function supplyFigures(
  s: Supply,
  reaching: Set<string>,
): { rows: SupplyFigure[]; share: number; share_before: number } {
  const rows: SupplyFigure[] = s.rows.map((r) => ({
    commodity: r.commodity,
    label: r.label,
    unit: r.unit,
    measure: r.measure,
    in_scope: r.in_scope,
    before: r.before,
    after: 0,
    share_after: 0,
    orders_in_scope: r.orders_in_scope,
    orders_before: r.orders_before,
    orders_after: 0,
  }));
  for (const o of s.scope) {
    if (!reaching.has(o.order_id) || !s.before.has(o.order_id)) continue;
    rows[o.row]!.after += o.volume;
    rows[o.row]!.orders_after++;
  }
  let num = 0;
  let den = 0;
  let numBefore = 0;
  let denBefore = 0;
  for (const r of rows) {
    r.share_after =
      r.before > 0
        ? r.after / r.before
        : r.orders_before > 0
          ? r.orders_after / r.orders_before
          : 0;
    num += r.share_after * r.orders_before;
    den += r.orders_before;
    const shareBefore =
      r.in_scope > 0 ? r.before / r.in_scope : r.orders_before / r.orders_in_scope;
    numBefore += shareBefore * r.orders_in_scope;
    denBefore += r.orders_in_scope;
  }
  return {
    rows,
    share: den > 0 ? num / den : 0,
    share_before: denBefore > 0 ? numBefore / denBefore : 0,
  };
}

/**
 * For every node, the supply (order weights, see `SupplyOrder.weight`) that stops reaching the targets if that node alone is
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
    const vol = o.weight;
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
  const scoped = opts.commodity ? restrictToCommodity(base, opts.commodity) : base;
  const net = opts.groups ? collapseGroups(scoped) : scoped;
  const fromNodes = selectNodes(net, opts.from, 'from', opts.groups ? scoped : undefined);
  const toNodes = selectNodes(net, opts.to, 'to', opts.groups ? scoped : undefined);
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
  const sg = supplyGraph(net);
  const { index, ids } = sg;
  const sources = fromNodes.map((n) => index.get(n.id)!);
  const targets = toNodes.map((n) => index.get(n.id)!);
  const weights = Float64Array.from(net.nodes, (n) => nodeWeight(n, scoped, opts.weights));
  const weighted = Boolean(opts.weights);

  // One graph, one set of sources and targets for the cut, the path counts and the supply.
  const s = makeSupply(net, sources, targets, sg);
  const { graph, reverse, scope, before } = s;
  const fromSources = reachable(graph, sources);

  opts.onProgress?.(0, 1, 'minimum cut');
  const exact = minVertexCut({ graph, sources, targets, weights: weighted ? weights : null });
  const pathsBefore = nodeDisjointPaths(graph, sources, targets);
  const shareOf = (reaching: Set<string>) => supplyFigures(s, reaching).share;
  const figuresBefore = supplyFigures(s, before);
  const notes: string[] = [];

  let chosen = exact.cut;
  let method = `minimum ${weighted ? 'weighted ' : ''}vertex cut: node splitting + Dinic max-flow (exact)`;
  const steps: ChokepointResult['steps'] = [];
  if (opts.budget) {
    const budget = opts.budget;
    const toTarget = reachable(reverse, targets);
    const candidates: number[] = [];
    for (let v = 0; v < ids.length; v++)
      if (fromSources[v] && toTarget[v] && !s.isSource[v] && !s.isTarget[v]) candidates.push(v);
    const bc = betweenness(graph);
    const removed = new Uint8Array(ids.length);
    const picked: number[] = [];
    let spent = 0;
    let current = figuresBefore.share;
    for (let step = 0; ; step++) {
      let best = -1;
      let bestGain = 0;
      // One dominator pass gives every candidate's marginal loss at once.
      const reachNow = reachingOrders(s, targets, removed);
      const loss = marginalLosses(s, targets, removed, reachNow);
      for (const c of candidates) {
        if (removed[c] || spent + (weighted ? weights[c]! : 1) > budget + 1e-9) continue;
        const gain = loss[c]! / (weighted ? Math.max(weights[c]!, 1e-9) : 1);
        if (
          gain > bestGain + 1e-12 ||
          (Math.abs(gain - bestGain) <= 1e-12 && best >= 0 && gain > 0 && bc[c]! > bc[best]!)
        ) {
          best = c;
          bestGain = gain;
        }
      }
      if (best < 0) break;
      removed[best] = 1;
      picked.push(best);
      spent += weighted ? weights[best]! : 1;
      current = shareOf(reachingOrders(s, targets, removed));
      steps.push({ id: ids[best]!, name: net.nodes[best]!.name, supply_reachable_after: current });
      opts.onProgress?.(step + 1, Math.max(step + 1, Math.ceil(budget)), 'greedy');
      if (current <= 0) break;
    }
    chosen = picked;
    method = `greedy with marginal gain: up to ${budget} ${weighted ? 'cost units' : 'actors'}, each step removing the actor that cuts the most supply still reaching the targets${weighted ? ' per unit of cost' : ''} (ties: higher betweenness)`;
    const removedExact = new Uint8Array(ids.length);
    for (const v of exact.cut) removedExact[v] = 1;
    const exactShare = shareOf(reachingOrders(s, targets, removedExact));
    if (
      exact.cost <= budget + 1e-9 &&
      (exactShare < current - 1e-12 ||
        (Math.abs(exactShare - current) <= 1e-12 && exact.cut.length < picked.length))
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
  const figures = supplyFigures(s, after);
  const pathsAfter = nodeDisjointPaths(graph, sources, targets, removed);
  if (exact.direct.length)
    notes.push(
      `${exact.direct.length} direct source→target edge(s): no third party stands between them, so no cut can break them`,
    );
  if (opts.commodity)
    notes.push(
      `${opts.commodity} only: the supply edges its orders run along and the hand-over legs that name no order of other goods`,
    );
  if (scope.length === 0)
    notes.push('no order passes the selected sources: there is no supply of theirs to measure');
  else if (before.size === 0)
    notes.push('no order volume from the sources reaches the targets in the first place');
  const counted = scope.filter((o) => o.measure === 'orders').length;
  if (counted)
    notes.push(
      `${counted} order(s) give no quantity: counted as orders, in rows of their own (measure "orders")`,
    );

  // One unit across the scope: its volumes may be summed; otherwise they are per row only.
  const measures = new Set(s.rows.map((r) => `${r.measure}\u0000${r.unit ?? ''}`));
  const oneUnit = measures.size === 1 ? s.rows[0]! : null;
  const sum = (pick: (r: SupplyFigure) => number) =>
    oneUnit ? figures.rows.reduce((a, r) => a + pick(r), 0) : null;
  const describeNode = (n: NetworkNode) => ({ id: n.id, name: n.name, schema: n.schema });

  return {
    from: opts.from,
    to: opts.to,
    cut: chosen.map((v) => ({ ...describeNode(net.nodes[v]!), weight: weights[v]! })),
    cut_size: chosen.length,
    paths_before: pathsBefore,
    paths_after: pathsAfter,
    supply_reachable_after: figures.share,
    cut_cost: chosen.reduce((a, v) => a + weights[v]!, 0),
    supply_reachable_before: figures.share_before,
    method,
    mode: opts.groups ? 'groups' : 'nodes',
    commodity: opts.commodity ?? null,
    sources: fromNodes.map(describeNode),
    targets: toNodes.map(describeNode),
    direct_edges: exact.direct.map(([a, b]) => ({ from: ids[a]!, to: ids[b]! })),
    volume_before: sum((r) => r.before),
    volume_after: sum((r) => r.after),
    volume_unit: oneUnit ? (oneUnit.measure === 'orders' ? 'orders' : oneUnit.unit) : null,
    orders_in_scope: scope.map((o) => o.order_id).sort(),
    orders_reaching_before: [...before].sort(),
    orders_reaching_after: [...after].sort(),
    supply: figures.rows,
    by_commodity: figures.rows
      .filter((r) => r.orders_before > 0)
      .map((r) => ({
        commodity: r.commodity,
        label: r.label,
        unit: r.measure === 'orders' ? ['orders'] : r.unit ? [r.unit] : [],
        volume_before: r.before,
        volume_after: r.after,
        share_after: r.share_after,
      })),
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
