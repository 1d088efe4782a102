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

export interface CutNode {
  id: string;
  name: string;
  schema: string;
  weight: number;
}

export interface ChokepointResult {
  from: string;
  to: string;
  cut: CutNode[];
  cut_size: number;
  paths_before: number;
  paths_after: number;
  supply_reachable_after: number;
  // extra fields
  cut_cost: number;
  supply_reachable_before: number;
  method: string;
  mode: 'nodes' | 'groups';
  sources: { id: string; name: string; schema: string }[];
  targets: { id: string; name: string; schema: string }[];
  /** Source → target edges no vertex cut can break. */
  direct_edges: { from: string; to: string }[];
  volume_before: number;
  volume_after: number;
  orders_reaching_before: string[];
  orders_reaching_after: string[];
  by_commodity: {
    commodity: string;
    label: string;
    unit: string[];
    volume_before: number;
    volume_after: number;
    share_after: number;
  }[];
  min_cut: { ids: string[]; cut_size: number; cut_cost: number } | null;
  /**
   * Another minimum cut, the one nearest the targets, when it differs from `cut` (which is
   * the one nearest the sources, as igraph and NetworkX return it). Both are minimum.
   */
  cut_near_targets: { id: string; name: string; schema: string }[] | null;
  steps: { id: string; name: string; supply_reachable_after: number }[];
  notes: string[];
}

interface Supply {
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
function reachingOrders(s: Supply, targets: number[], removed: Uint8Array | null): Set<string> {
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
      throw new ChokepointError('CP_BAD_INPUT', `the weight of ${m.id} is not a cost`, {
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
    throw new ChokepointError('CP_BAD_INPUT', 'bad budget', {
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
  const isTarget = new Uint8Array(ids.length);
  for (const t of targets) isTarget[t] = 1;
  const weights = Float64Array.from(net.nodes, (n) => nodeWeight(n, base, opts.weights));
  const weighted = Boolean(opts.weights);

  // Orders in scope: their goods pass a selected source (or something downstream of one).
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
  const s: Supply = { net, graph, reverse, index, ids, scope, isTarget };
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
      if (fromSources[v] && toTarget[v] && !isSource[v] && !isTarget[v]) candidates.push(v);
    const bc = betweenness(graph);
    const removed = new Uint8Array(ids.length);
    const picked: number[] = [];
    let spent = 0;
    let current = volumeBefore;
    for (let step = 0; ; step++) {
      let best = -1;
      let bestGain = 0;
      let bestVolume = current;
      for (const c of candidates) {
        if (removed[c] || spent + (weighted ? weights[c]! : 1) > budget + 1e-9) continue;
        removed[c] = 1;
        const vol = volumeOf(s, reachingOrders(s, targets, removed), useCount);
        removed[c] = 0;
        const gain = (current - vol) / (weighted ? Math.max(weights[c]!, 1e-9) : 1);
        if (
          gain > bestGain + 1e-12 ||
          (Math.abs(gain - bestGain) <= 1e-12 && best >= 0 && gain > 0 && bc[c]! > bc[best]!)
        ) {
          best = c;
          bestGain = gain;
          bestVolume = vol;
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
