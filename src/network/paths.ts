import { daysBetween } from '../core/date.ts';
import type { PathEdge, PathsReport, ShortestPath, SupplyPath } from './schema.ts';
import { ChokepointError } from '../core/errors.ts';
import { collapseGroups, type Network, type NetworkEdge } from './graph.ts';
import { selectNodes } from './selectors.ts';

export type { PathEdge, PathsReport, ShortestPath, SupplyPath } from './schema.ts';

function isOrderEdge(e: NetworkEdge): boolean {
  return e.relation_ids.length === 0 && e.order_ids.length > 0;
}

function days(a: string, b: string): number {
  return daysBetween(a, b) ?? Number.NaN;
}

/**
 * Every simple supply path from the selected sources to the selected targets, by
 * depth-first search bounded in length and number. A path must be one that goods can
 * have taken: the order-made steps along it (seller → buyer → consignee) must share at
 * least one order, so a supplier is never linked to a carrier through a buyer who passed
 * on someone else's goods; hand-over legs (UnknownLink, carrier Associates) carry
 * whatever reaches them. Each step lists the orders and relations behind it and their
 * dates, which make the timeline.
 */
export function supplyPaths(
  base: Network,
  opts: { from: string; to: string; groups?: boolean; maxLength?: number; maxPaths?: number },
): PathsReport {
  const maxLength = opts.maxLength ?? 8;
  const maxPaths = opts.maxPaths ?? 1000;
  if (!Number.isInteger(maxLength) || maxLength < 1)
    throw new ChokepointError('CP_BAD_OPTION', 'bad maximum path length', {
      field: 'max_length',
      expected: 'an integer >= 1',
      got: String(opts.maxLength),
    });
  if (!Number.isInteger(maxPaths) || maxPaths < 1)
    throw new ChokepointError('CP_BAD_OPTION', 'bad maximum number of paths', {
      field: 'max_paths',
      expected: 'an integer >= 1',
      got: String(opts.maxPaths),
    });
  const net = opts.groups ? collapseGroups(base) : base;
  const sources = selectNodes(net, opts.from, 'from', opts.groups ? base : undefined);
  const targets = new Set(
    selectNodes(net, opts.to, 'to', opts.groups ? base : undefined).map((n) => n.id),
  );
  const out = new Map<string, NetworkEdge[]>();
  for (const e of net.edges)
    if (e.kind === 'supply') (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
  for (const list of out.values()) list.sort((a, b) => a.target.localeCompare(b.target));

  const paths: SupplyPath[] = [];
  let truncated = false;
  const onPath = new Set<string>();
  const stack: NetworkEdge[] = [];
  const walk = (v: string, orders: Set<string> | null): void => {
    if (truncated) return;
    if (targets.has(v) && stack.length > 0) {
      paths.push(describe(stack, orders));
      if (paths.length >= maxPaths) truncated = true;
      return;
    }
    if (stack.length >= maxLength) return;
    for (const e of out.get(v) ?? []) {
      if (onPath.has(e.target)) continue;
      let next = orders;
      if (isOrderEdge(e)) {
        next = new Set(orders ? e.order_ids.filter((id) => orders.has(id)) : e.order_ids);
        if (next.size === 0) continue;
      }
      onPath.add(e.target);
      stack.push(e);
      walk(e.target, next);
      stack.pop();
      onPath.delete(e.target);
    }
  };
  const describe = (edges: NetworkEdge[], orders: Set<string> | null): SupplyPath => {
    const nodeIds = [edges[0]!.source, ...edges.map((e) => e.target)];
    const orderDates = new Map(net.orders.map((o) => [o.order_id, o.date]));
    const relations = new Map(net.relations.map((r) => [r.id, r]));
    let prev: string | null = null;
    let inOrder = true;
    const steps: PathEdge[] = edges.map((e) => {
      // Order-made steps are dated by the orders that can have travelled this path; a
      // hand-over by its relations, unless a relation names other orders than these.
      const candidates =
        isOrderEdge(e) && orders
          ? e.order_ids.filter((id) => orders.has(id)).map((id) => orderDates.get(id))
          : e.relation_ids
              .map((id) => relations.get(id))
              .filter(
                (r) =>
                  r &&
                  (r.order_ids.length === 0 || !orders || r.order_ids.some((id) => orders.has(id))),
              )
              .map((r) => r!.date);
      const sorted = [...new Set(candidates.filter((d): d is string => Boolean(d)))].sort();
      const date = sorted.find((d) => prev === null || d >= prev) ?? null;
      if (!date && sorted.length) inOrder = false;
      if (date) prev = date;
      return {
        source: e.source,
        target: e.target,
        via: e.via,
        commodities: e.commodities,
        order_ids:
          isOrderEdge(e) && orders ? e.order_ids.filter((id) => orders.has(id)) : e.order_ids,
        relation_ids: e.relation_ids.filter((id) => {
          const r = relations.get(id);
          return (
            !r || r.order_ids.length === 0 || !orders || r.order_ids.some((o) => orders.has(o))
          );
        }),
        dates: e.dates,
        date,
      };
    });
    const dated = steps.map((s) => s.date).filter((d): d is string => Boolean(d));
    const orderIds = orders ? [...orders].sort() : [];
    const commodities = [
      ...new Set(net.orders.filter((o) => orders?.has(o.order_id)).map((o) => o.commodity.label)),
    ].sort();
    return {
      nodes: nodeIds.map((id) => {
        const n = net.byId.get(id)!;
        return { id, name: n.name, schema: n.schema };
      }),
      edges: steps,
      order_ids: orderIds,
      commodities,
      first_date: dated[0] ?? null,
      last_date: dated[dated.length - 1] ?? null,
      // Order steps share the order's date; only a dated hand-over says how fast goods moved on.
      elapsed_days:
        dated.length >= 2 && steps.some((st, i) => st.date && !isOrderEdge(edges[i]!))
          ? days(dated[0]!, dated[dated.length - 1]!)
          : null,
      dates_in_order: inOrder,
    };
  };
  for (const s of [...sources].sort((a, b) => a.id.localeCompare(b.id))) {
    if (targets.has(s.id)) continue;
    onPath.clear();
    onPath.add(s.id);
    walk(s.id, null);
  }
  return { from: opts.from, to: opts.to, paths, truncated, max_length: maxLength };
}

/**
 * The shortest chain of links between two parties (by id), every kind of edge counted and
 * walked either way: breadth-first search (Moore, "The shortest path through a maze",
 * 1959), neighbours taken in id order so that the answer is the same on every run. Where
 * several edges join the same two parties, the step lists the first in the network's order.
 */
export function shortestPath(net: Network, fromId: string, toId: string): ShortestPath {
  const ref = (id: string, field: 'from' | 'to') => {
    const n = net.byId.get(id);
    if (!n)
      throw new ChokepointError('CP_NOT_FOUND', `no party "${id}" in the network`, {
        field,
        expected: 'the id of an entity of the network',
      });
    return { id: n.id, name: n.name, schema: n.schema };
  };
  const from = ref(fromId, 'from');
  const to = ref(toId, 'to');
  const adjacent = new Map<string, { next: string; edge: NetworkEdge; reversed: boolean }[]>();
  const link = (a: string, next: string, edge: NetworkEdge, reversed: boolean) =>
    (adjacent.get(a) ?? adjacent.set(a, []).get(a)!).push({ next, edge, reversed });
  for (const e of net.edges) {
    if (e.source === e.target) continue;
    link(e.source, e.target, e, false);
    link(e.target, e.source, e, true);
  }
  for (const list of adjacent.values()) list.sort((a, b) => a.next.localeCompare(b.next));
  const cameBy = new Map<string, { prev: string; edge: NetworkEdge; reversed: boolean } | null>([
    [fromId, null],
  ]);
  const queue = [fromId];
  for (let head = 0; head < queue.length && !cameBy.has(toId); head++) {
    const v = queue[head]!;
    for (const { next, edge, reversed } of adjacent.get(v) ?? []) {
      if (cameBy.has(next)) continue;
      cameBy.set(next, { prev: v, edge, reversed });
      queue.push(next);
    }
  }
  if (!cameBy.has(toId)) return { from, to, length: null, nodes: [], edges: [] };
  const ids: string[] = [toId];
  const steps: ShortestPath['edges'] = [];
  for (let v = toId; v !== fromId;) {
    const by = cameBy.get(v)!;
    const e = by.edge;
    steps.unshift({
      source: by.prev,
      target: v,
      kind: e.kind,
      reversed: by.reversed,
      via: e.via,
      commodities: e.commodities,
      order_ids: e.order_ids,
      relation_ids: e.relation_ids,
      dates: e.dates,
    });
    v = by.prev;
    ids.unshift(v);
  }
  return {
    from,
    to,
    length: steps.length,
    nodes: ids.map((id) => ref(id, 'to')),
    edges: steps,
  };
}
