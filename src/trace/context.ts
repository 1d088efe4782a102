import { foldText } from '../core/fold.ts';
import { lookupCountry, lookupPlace } from '../geo/gazetteer.ts';
import { distanceKm } from '../geo/offset.ts';
import type { Network, NetworkNode } from '../network/graph.ts';
import { routePlaces } from '../network/orders.ts';
import { selectNodes } from '../network/selectors.ts';
import { evidence } from './identity.ts';
import type { ChainLink, TraceEvidence } from './schema.ts';

/**
 * The second half of a trace: what the rest of an order says (its route and consignee
 * near the seizure's place, its parties' links to the seizure's group in the network) and
 * the chain of parties it implies, from the maker to the seizure.
 */

export interface Point {
  lat: number;
  lon: number;
  name: string;
}

/** Places of free text ("Abu Khashab, Deir ez-Zor", "Akçakale"), resolved once each. */
export class PlaceResolver {
  private cache = new Map<string, Point | null>();

  /** The country codes a country cell names ("Syria", "SY", "TR"). */
  countryCodes(...cells: (string | null | undefined)[]): string[] {
    const out: string[] = [];
    for (const c of cells) {
      if (!c) continue;
      const code = /^[A-Za-z]{2}$/.test(c.trim())
        ? c.trim().toUpperCase()
        : (lookupCountry(c)?.code ?? null);
      if (code && !out.includes(code)) out.push(code);
    }
    return out;
  }

  /** The whole text, else each part between commas, brackets or slashes, in order. */
  point(text: string | null | undefined, countries: string[] = []): Point | null {
    if (!text) return null;
    const key = `${countries.join(',')}|${text}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    let found: Point | null = null;
    for (const part of [text, ...text.split(/[,/()]+/)]) {
      const t = part.trim();
      if (!t) continue;
      const p = lookupPlace(t, { countries })[0];
      if (p && (countries.length === 0 || countries.includes(p.country_code) || part === text)) {
        found = { lat: p.lat, lon: p.lon, name: p.name };
        break;
      }
    }
    this.cache.set(key, found);
    return found;
  }
}

/** What an order's route says of where its goods went. */
export interface RouteFacts {
  route: string | null;
  ship_to_city: string | null;
  ship_to_country: string | null;
}

/**
 * The nearest place the order's goods went (each route stop and the ship-to town) to the
 * seizure, as evidence: near (within `nearKm`) for, far (beyond `farKm`) weakly against,
 * nothing when none of its places is known to the gazetteer.
 */
export function routeEvidence(
  order: RouteFacts,
  seizure: Point | null,
  places: PlaceResolver,
  opts: { nearKm: number; farKm: number; countries: string[] },
): TraceEvidence | null {
  if (!seizure) return null;
  const stops = [...routePlaces(order.route), ...(order.ship_to_city ? [order.ship_to_city] : [])];
  const countries = places.countryCodes(order.ship_to_country, ...opts.countries);
  let best: { name: string; km: number } | null = null;
  for (const s of new Set(stops)) {
    const p = places.point(s, countries);
    if (!p) continue;
    const km = distanceKm(p.lat, p.lon, seizure.lat, seizure.lon);
    if (!best || km < best.km) best = { name: s, km };
  }
  if (!best) return null;
  const km = Math.round(best.km);
  if (best.km <= opts.nearKm)
    return evidence(
      'ROUTE_NEAR_SEIZURE',
      `the route reaches ${best.name}, ${km} km from the seizure at ${seizure.name} (within ${opts.nearKm} km)`,
    );
  if (best.km > opts.farKm)
    return evidence(
      'ROUTE_FAR_FROM_SEIZURE',
      `the route comes no nearer than ${best.name}, ${km} km from the seizure at ${seizure.name}`,
    );
  return null;
}

/** An order's parties as the network knows them. */
export interface OrderParties {
  order_id: string;
  seller: string;
  buyer: string;
  consignee: string | null;
  seller_country: string | null;
  buyer_country: string | null;
  ship_to_country: string | null;
  manufacturer: string | null;
  seller_entity_id: string | null;
  buyer_entity_id: string | null;
  payer_entity_id: string | null;
  consignee_entity_id: string | null;
}

/**
 * The seizure's group in the network (`group`, a node selector; the case's crime.terror
 * entities by default) and, for every node, its next step on a shortest supply path to the
 * group: a party of an order is linked to the group when goods can flow from it to them.
 */
export class GroupReach {
  readonly groupIds: Set<string>;
  /** node → next node towards the group (the group's own nodes map to themselves). */
  private next = new Map<string, string>();
  /** node → relations or orders behind the step it takes. */
  private via = new Map<string, string[]>();
  readonly note: string | null;

  constructor(
    private net: Network,
    group: string,
  ) {
    let nodes: NetworkNode[] = [];
    let note: string | null = null;
    try {
      nodes = selectNodes(net, group, 'group');
    } catch (e) {
      note = `no group to link orders to: ${(e as Error).message}`;
    }
    this.note = note;
    this.groupIds = new Set(nodes.map((n) => n.id));
    // Breadth first over reversed supply edges from the group.
    const into = new Map<string, { source: string; ids: string[] }[]>();
    for (const e of net.edges) {
      if (e.kind !== 'supply') continue;
      const list = into.get(e.target) ?? into.set(e.target, []).get(e.target)!;
      list.push({ source: e.source, ids: [...e.order_ids, ...e.relation_ids] });
    }
    const queue = [...this.groupIds];
    for (const g of queue) this.next.set(g, g);
    for (let h = 0; h < queue.length; h++) {
      const v = queue[h]!;
      for (const { source, ids } of (into.get(v) ?? []).sort((a, b) =>
        a.source.localeCompare(b.source),
      )) {
        if (this.next.has(source)) continue;
        this.next.set(source, v);
        this.via.set(source, ids);
        queue.push(source);
      }
    }
  }

  reaches(id: string | null | undefined): boolean {
    return Boolean(id && this.next.has(id));
  }

  /** The shortest supply path from a node to the group, the node first. */
  pathFrom(id: string): { id: string; via: string[] }[] {
    const out: { id: string; via: string[] }[] = [];
    let v: string | undefined = id;
    const seen = new Set<string>();
    while (v && !seen.has(v)) {
      seen.add(v);
      out.push({ id: v, via: this.via.get(v) ?? [] });
      if (this.groupIds.has(v)) break;
      v = this.next.get(v);
    }
    return out;
  }

  name(id: string): string {
    return this.net.byId.get(id)?.name ?? id;
  }
}

/**
 * Whether a party the order's goods or money go through (consignee, buyer, payer) reaches
 * the group. The seller is left out: a seller linked through its other orders says nothing
 * of this one.
 */
export function groupEvidence(order: OrderParties, reach: GroupReach): TraceEvidence | null {
  if (reach.groupIds.size === 0) return null;
  const parties = [order.consignee_entity_id, order.buyer_entity_id, order.payer_entity_id].filter(
    (id): id is string => Boolean(id),
  );
  for (const id of parties) {
    if (!reach.reaches(id)) continue;
    const path = reach.pathFrom(id).map((s) => reach.name(s.id));
    return evidence(
      'PARTY_LINKED_TO_GROUP',
      `${reach.name(id)} is linked to ${path.at(-1)} in the network: ${path.join(' → ')}`,
    );
  }
  return evidence(
    'PARTY_NOT_LINKED_TO_GROUP',
    `no party of the order reaches ${[...reach.groupIds].map((g) => reach.name(g)).join(', ')} in the network`,
  );
}

const foldedCache = new Map<string, string>();
/** Folded text, remembered: a batch names the same sellers and makers over and over. */
function folded(text: string): string {
  let f = foldedCache.get(text);
  if (f === undefined) {
    f = foldText(text);
    if (foldedCache.size > 100_000) foldedCache.clear();
    foldedCache.set(text, f);
  }
  return f;
}

const nameIndex = new WeakMap<Network, Map<string, string>>();
/** Folded name or alias → node id, built once per network. */
function namesOf(net: Network): Map<string, string> {
  let m = nameIndex.get(net);
  if (!m) {
    m = new Map();
    for (const n of net.nodes)
      for (const x of n.names) if (!m.has(folded(x))) m.set(folded(x), n.id);
    nameIndex.set(net, m);
  }
  return m;
}

function nodeLink(net: Network, id: string, role: ChainLink['role'], via?: string[]): ChainLink {
  const n = net.byId.get(id);
  return {
    id,
    name: n?.name ?? id,
    schema: n?.schema ?? 'LegalEntity',
    role,
    ...(via && via.length ? { via } : {}),
  };
}

/**
 * The chain an order implies, from the maker to the seizure: the manufacturer (a party of
 * the network when one bears its name, else the name as the order gives it), the seller
 * (exporter when it ships across a border, distributor when an earlier order of the same
 * part brought the goods to it, whose seller is then the exporter), the buyer, the
 * consignee, then the shortest supply path on to the seizure's group (carriers, border
 * crossings: the order's own route crossing when the path has none) and the seizure.
 */
export function chainOf(
  net: Network,
  order: OrderParties,
  opts: {
    reach: GroupReach | null;
    /** The order that brought this part to the seller, when there is one. */
    upstream?: OrderParties | null;
    seizure: { id: string; name: string };
  },
): ChainLink[] {
  const chain: ChainLink[] = [];
  const seen = new Set<string>();
  const push = (l: ChainLink) => {
    if (seen.has(l.id)) return;
    seen.add(l.id);
    chain.push(l);
  };
  const sellerId = order.seller_entity_id ?? `party:${folded(order.seller)}`;
  const upstream = opts.upstream ?? null;
  const maker = upstream?.manufacturer ?? order.manufacturer;
  if (maker) {
    const key = folded(maker);
    const nodeId = namesOf(net).get(key);
    const node = nodeId ? net.byId.get(nodeId) : undefined;
    const isSeller =
      node?.id === sellerId ||
      folded(order.seller).startsWith(key) ||
      (upstream ? folded(upstream.seller).startsWith(key) : false);
    if (!isSeller)
      push(
        node
          ? nodeLink(net, node.id, 'manufacturer')
          : { id: `manufacturer:${key}`, name: maker, schema: 'Company', role: 'manufacturer' },
      );
  }
  if (upstream) {
    push(
      nodeLink(net, upstream.seller_entity_id ?? `party:${folded(upstream.seller)}`, 'exporter', [
        upstream.order_id,
      ]),
    );
    push(nodeLink(net, sellerId, 'distributor', [upstream.order_id]));
  } else {
    const abroad =
      order.seller_country &&
      (order.ship_to_country ?? order.buyer_country) &&
      order.seller_country.toUpperCase() !==
        (order.ship_to_country ?? order.buyer_country)!.toUpperCase();
    push(nodeLink(net, sellerId, abroad ? 'exporter' : 'distributor', [order.order_id]));
  }
  if (order.buyer_entity_id) push(nodeLink(net, order.buyer_entity_id, 'buyer', [order.order_id]));
  if (order.consignee_entity_id && order.consignee_entity_id !== order.buyer_entity_id)
    push(nodeLink(net, order.consignee_entity_id, 'consignee', [order.order_id]));
  const last = order.consignee_entity_id ?? order.buyer_entity_id;
  let crossed = false;
  if (last && opts.reach?.reaches(last)) {
    for (const step of opts.reach.pathFrom(last).slice(1)) {
      const n = net.byId.get(step.id);
      const role: ChainLink['role'] = opts.reach.groupIds.has(step.id)
        ? 'group'
        : n?.crossing
          ? 'crossing'
          : n?.carrier
            ? 'carrier'
            : 'intermediary';
      if (role === 'crossing') crossed = true;
      const prev = chain.at(-1)!;
      // A crossing the order's route names goes before the group when the path skips it.
      if (role === 'group' && !crossed) {
        const shipment = net.shipments.find((s) => s.order_id === order.order_id);
        const gate = shipment?.crossings.find((c) => c.id);
        const carrierGate = gate ? null : crossingAfter(net, prev.id);
        const id = gate?.id ?? carrierGate;
        if (id) {
          push(nodeLink(net, id, 'crossing'));
          crossed = true;
        }
      }
      const link = nodeLink(net, step.id, role, prevVia(opts.reach, prev.id));
      push(link);
    }
  }
  push({ id: opts.seizure.id, name: opts.seizure.name, schema: 'Seizure', role: 'seizure' });
  return chain;
}

function prevVia(reach: GroupReach, id: string): string[] {
  return reach.pathFrom(id)[0]?.via ?? [];
}

/** A border crossing a carrier hands goods over at (a supply edge into a crossing). */
function crossingAfter(net: Network, id: string): string | null {
  for (const e of net.edges)
    if (e.kind === 'supply' && e.source === id && net.byId.get(e.target)?.crossing) return e.target;
  return null;
}
