import type { JunctionReport, JunctionRow } from './schema.ts';
import { ChokepointError } from '../core/errors.ts';
import { betweenness } from './centrality/betweenness.ts';
import {
  collapseGroups,
  supplyGraph,
  type Network,
  type NetworkEdge,
  type NetworkOrder,
} from './graph.ts';

export type { JunctionReport, JunctionRow } from './schema.ts';

/** Supply edges that come from relations or routes (hand-overs), not from an order's own chain. */
function isLeg(e: NetworkEdge): boolean {
  return e.kind === 'supply' && e.via.some((v) => v !== 'Order' && v !== 'Consignment');
}

/**
 * Where each order's goods go: its own chain (seller → buyer → consignee), then onward
 * from the last party along hand-over legs (UnknownLink, carrier Associates, route
 * crossings). Returns, per order, the parties that *pass the goods on*: buyers and
 * consignees (the study's "purchaser or consignee"), and reached parties that hand the
 * goods further. Sellers start a chain and terminal receivers end it; neither is "passed
 * through".
 */
export function orderReach(net: Network): Map<string, Set<string>> {
  const legsOut = new Map<string, string[]>();
  for (const e of net.edges) {
    if (!isLeg(e)) continue;
    if (!legsOut.has(e.source)) legsOut.set(e.source, []);
    legsOut.get(e.source)!.push(e.target);
  }
  const closure = new Map<string, string[]>();
  const closeFrom = (start: string): string[] => {
    const known = closure.get(start);
    if (known) return known;
    const seen = new Set([start]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++)
      for (const w of legsOut.get(queue[i]!) ?? [])
        if (!seen.has(w)) {
          seen.add(w);
          queue.push(w);
        }
    const list = queue.filter((v) => legsOut.has(v));
    closure.set(start, list);
    return list;
  };
  const out = new Map<string, Set<string>>();
  for (const o of net.orders) {
    const handled = new Set(o.chain.slice(1).filter((v) => v !== o.seller));
    for (const v of closeFrom(o.chain[o.chain.length - 1]!)) if (v !== o.seller) handled.add(v);
    out.set(o.order_id, handled);
  }
  return out;
}

/**
 * Junction points: parties (or business groups, with `groups`) ranked by the number of
 * distinct commodity chains passing through them, then by their share of volume, then by
 * betweenness on the supply graph. The study's junctions are families and companies that
 * recur as purchaser or consignee across the chains of different commodities; ranking by
 * chains first finds them even when a carrier downstream moves more tonnes.
 */
export function junctions(
  base: Network,
  opts: {
    groups?: boolean;
    limit?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): JunctionReport {
  if (opts.limit !== undefined && (!Number.isInteger(opts.limit) || opts.limit < 1)) {
    throw new ChokepointError('CP_BAD_OPTION', 'bad limit', {
      field: 'limit',
      expected: 'an integer >= 1',
      got: String(opts.limit),
    });
  }
  const net = opts.groups ? collapseGroups(base) : base;
  // Reach is traced on the real parties and then carried to their groups: tracing on the
  // folded graph would let every leg out of a group carry every commodity of the group.
  const reach = orderReach(base);
  const toNode = (id: string) => (opts.groups ? (base.byId.get(id)?.group ?? id) : id);
  const commodityTotal = new Map<string, number>();
  let valueTotal = 0;
  for (const o of net.orders) {
    commodityTotal.set(
      o.commodity.id,
      (commodityTotal.get(o.commodity.id) ?? 0) + (o.quantity ?? 0),
    );
    valueTotal += o.value ?? 0;
  }
  const nCommodities = commodityTotal.size;
  const byNode = new Map<string, NetworkOrder[]>();
  for (const o of net.orders)
    for (const v of new Set([...reach.get(o.order_id)!].map(toNode)))
      (byNode.get(v) ?? byNode.set(v, []).get(v)!).push(o);

  const { graph, index } = supplyGraph(net);
  const bc = betweenness(graph, { normalized: true, onProgress: opts.onProgress });
  const rows: JunctionRow[] = [];
  for (const [id, orders] of byNode) {
    const n = net.byId.get(id)!;
    const qty = new Map<string, number>();
    let value = 0;
    for (const o of orders) {
      qty.set(o.commodity.id, (qty.get(o.commodity.id) ?? 0) + (o.quantity ?? 0));
      value += o.value ?? 0;
    }
    let share = 0;
    for (const [c, q] of qty) {
      const total = commodityTotal.get(c)!;
      // A commodity given without quantities counts by orders instead.
      share +=
        total > 0
          ? q / total
          : orders.filter((o) => o.commodity.id === c).length /
            net.orders.filter((o) => o.commodity.id === c).length;
    }
    const group = n.group && !opts.groups ? base.groups.find((g) => g.id === n.group) : undefined;
    const isGroup = n.schema === 'BusinessGroup';
    const labels = [...new Set(orders.map((o) => o.commodity.label))].sort();
    rows.push({
      rank: 0,
      id,
      name: n.name,
      schema: n.schema,
      kind: isGroup ? 'group' : 'node',
      members: isGroup
        ? base.groups
            .find((g) => g.id === id)!
            .members.map((m) => base.byId.get(m)!)
            .map((m) => ({ id: m.id, name: m.name, schema: m.schema }))
        : [],
      group: group ? { id: group.id, name: group.name } : null,
      chains: qty.size,
      commodities: labels,
      order_ids: orders.map((o) => o.order_id).sort(),
      volume_share: nCommodities ? share / nCommodities : 0,
      value_share: valueTotal > 0 ? value / valueTotal : 0,
      betweenness: bc[index.get(id)!]!,
      roles: n.roles,
    });
  }
  rows.sort(
    (a, b) =>
      b.chains - a.chains ||
      b.volume_share - a.volume_share ||
      b.betweenness - a.betweenness ||
      a.id.localeCompare(b.id),
  );
  rows.forEach((r, i) => (r.rank = i + 1));
  return {
    mode: opts.groups ? 'groups' : 'nodes',
    commodities: net.commodities.map((c) => ({
      id: c.id,
      label: c.label,
      orders: c.orders,
      volume: c.volume,
      units: c.units,
    })),
    junctions: opts.limit ? rows.slice(0, opts.limit) : rows,
    method:
      'chains: distinct commodities of the orders whose goods a party passes on (as buyer or consignee, or by handing them onward along UnknownLink/carrier legs); ' +
      'volume_share: mean over commodities of the share of quantity handled; betweenness: Brandes (2001), normalised, on the directed supply graph' +
      (opts.groups
        ? '; business groups (connected over Family, Ownership, Directorship) analysed as one node each'
        : ''),
  };
}
