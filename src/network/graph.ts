import { z } from 'zod';
import { ChokepointError, isChokepointError } from '../core/errors.ts';
import { foldText } from '../core/fold.ts';
import { LEGAL_FORMS } from '../core/legal-forms.ts';
import { parseRow } from '../core/schema.ts';
import { compactFromEdges, type CompactGraph } from './centrality/compact.ts';
import { commodityOf } from './commodity.ts';
import {
  EDGE_SCHEMAS,
  edgeEnds,
  entityCaption,
  FtmEntitySchema,
  prop,
  props,
  type FtmEntity,
} from './ftm.ts';
import { OrderSchema, routePlaces, type Order } from './orders.ts';
import { resolveOrderParties } from './parties.ts';
import {
  OrderPartiesSchema,
  type BusinessGroupSchema,
  type EdgeKind,
  type NetworkCommoditySchema,
  type NetworkEdgeSchema,
  type NetworkNodeSchema,
  type NetworkOrderSchema,
  type PaymentRecordSchema,
  type ShipmentSchema,
} from './schema.ts';

/**
 * The procurement network as plain data.
 *
 * Nodes are parties (FtM Person, Company, Organization, LegalEntity, Address, …). Edges
 * come in four kinds:
 * - `supply`: goods moving — seller → buyer and buyer → consignee from orders;
 *   UnknownLink legs (subject → object: hand-overs to carriers, smugglers, crossings, end
 *   users); Associate links that reach a carrier, a crossing or a terror-listed end user;
 *   consignee → border crossing when an order's route names the crossing.
 * - `control`: Family, Ownership, Directorship — they bind companies and people into
 *   business groups (connected components over control edges).
 * - `payment`: Payment relations and each order's payer → seller, with the method.
 * - `association`: the other FtM relations (Membership, Employment, …), kept for display.
 * Parallel records between the same two parties are merged into one edge that lists
 * every order and relation behind it.
 */
export type { EdgeKind } from './schema.ts';

/** A party of the network: the node as answered, with its names and FtM entity. */
export interface NetworkNode extends z.output<typeof NetworkNodeSchema> {
  /** Names and aliases, for `name:` selectors. */
  names: string[];
  /** The FtM entity (null for a node made up for a dangling reference). */
  entity: FtmEntity | null;
}

export type NetworkEdge = z.output<typeof NetworkEdgeSchema>;
export type NetworkOrder = z.output<typeof NetworkOrderSchema>;
export type Shipment = z.output<typeof ShipmentSchema>;
export type PaymentRecord = z.output<typeof PaymentRecordSchema>;
export type BusinessGroup = z.output<typeof BusinessGroupSchema>;
export type NetworkCommodity = z.output<typeof NetworkCommoditySchema>;

/** A relation as the paths and timelines need it: its date and the orders its text names. */
export interface RelationInfo {
  id: string;
  schema: string;
  source: string;
  target: string;
  date: string | null;
  /** Order ids mentioned in the relation's description, summary, role or notes. */
  order_ids: string[];
}

export interface Network {
  nodes: NetworkNode[];
  relations: RelationInfo[];
  byId: Map<string, NetworkNode>;
  edges: NetworkEdge[];
  orders: NetworkOrder[];
  shipments: Shipment[];
  payments: PaymentRecord[];
  groups: BusinessGroup[];
  commodities: NetworkCommodity[];
  warnings: string[];
}

/** A party's resolved entity id as an input may give it: a non-empty id, null, or left out. */
const PartyIdInput = z.string().min(1).nullish();

/**
 * An order as stored: the CSV row plus the entity ids its parties resolved to, the fields
 * of `OrderPartiesSchema` (any of them left out or null).
 */
export const NetworkOrderInputSchema = OrderSchema.extend(
  Object.fromEntries(
    Object.keys(OrderPartiesSchema.shape).map((field) => [field, PartyIdInput]),
  ) as Record<keyof typeof OrderPartiesSchema.shape, typeof PartyIdInput>,
);
export type NetworkOrderInput = z.input<typeof NetworkOrderInputSchema>;

export interface NetworkInput {
  /** FtM entities: parties and relations alike. */
  entities: unknown[];
  /** Orders (CSV rows, optionally with resolved `*_entity_id`s). */
  orders?: unknown[];
}

const CARRIER_WORDS =
  /smuggl|carrier|courier|freight|forwarder|forwarding|logistic|transport|shipping|haulage|hauler|trucking|cargo|nakliyat|lojistik/;
const CROSSING_WORDS =
  /\bborder\b|\bcrossing\b|\bgate\b|\bcheckpoint\b|\bfrontier\b|\bsinir kapisi\b/;

function describe(entity: FtmEntity): string {
  return foldText(
    [
      ...props(entity, 'notes'),
      ...props(entity, 'sector'),
      ...props(entity, 'description'),
      ...props(entity, 'summary'),
      ...props(entity, 'classification'),
      ...props(entity, 'full'),
      ...props(entity, 'name'),
    ].join(' '),
  );
}

/** Validates every item of a list against a schema, naming the list, index and field on failure. */
function validateList<T extends z.ZodType>(schema: T, list: unknown, name: string): z.output<T>[] {
  if (!Array.isArray(list))
    throw new ChokepointError('CP_BAD_INPUT', `${name} is not a list`, {
      field: name,
      expected: 'an array',
    });
  return list.map((item, i) => {
    try {
      return parseRow(schema, item, {});
    } catch (e) {
      if (!isChokepointError(e)) throw e;
      const loc = e.location;
      const id =
        item && typeof item === 'object'
          ? ((item as Record<string, unknown>).id ?? (item as Record<string, unknown>).order_id)
          : undefined;
      throw new ChokepointError(
        'CP_BAD_INPUT',
        `${name}[${i}]${id ? ` (${String(id)})` : ''} is invalid: ${e.message.replace(/^.*?invalid value: /, '')}`,
        {
          field: `${name}[${i}]${loc.field ? `.${loc.field}` : ''}`,
          expected: loc.expected,
          got: loc.got,
        },
      );
    }
  });
}

/** The network under construction: nodes and merged edges, filled phase by phase. */
class NetworkDraft {
  readonly nodes = new Map<string, NetworkNode>();
  readonly edges = new Map<string, NetworkEdge>();
  readonly warnings: string[] = [];

  addNode(e: FtmEntity | null, id: string): NetworkNode {
    const existing = this.nodes.get(id);
    if (existing) return existing;
    const node = newNode(e, id);
    this.nodes.set(id, node);
    return node;
  }

  /** The node of an id an order or relation names; a dangling id becomes a bare node, with a warning. */
  ensure(id: string, why: string): NetworkNode {
    const n = this.nodes.get(id);
    if (n) return n;
    this.warnings.push(
      `${why} names "${id}", which is not among the entities: kept as a bare node`,
    );
    return this.addNode(null, id);
  }

  /** The one edge of a kind between two parties; parallel records add to it. */
  edge(kind: EdgeKind, source: string, target: string, via: string): NetworkEdge {
    const key = `${kind}\u0000${source}\u0000${target}`;
    let e = this.edges.get(key);
    if (!e) {
      e = {
        kind,
        source,
        target,
        via: [],
        commodities: [],
        volume: 0,
        value: 0,
        order_ids: [],
        relation_ids: [],
        dates: [],
        methods: [],
      };
      this.edges.set(key, e);
    }
    if (!e.via.includes(via)) e.via.push(via);
    return e;
  }
}

function pushNew(list: string[], v: string | null | undefined): void {
  if (v && !list.includes(v)) list.push(v);
}

function newNode(e: FtmEntity | null, id: string): NetworkNode {
  const text = e ? describe(e) : '';
  return {
    id,
    name: e ? entityCaption(e) : id,
    schema: e?.schema ?? 'LegalEntity',
    names: e
      ? [
          ...new Set([
            entityCaption(e),
            ...props(e, 'name'),
            ...props(e, 'alias'),
            ...props(e, 'full'),
          ]),
        ]
      : [id],
    topics: e ? props(e, 'topics') : [],
    country: e ? prop(e, 'country') : null,
    supplier: false,
    end_user: false,
    carrier: CARRIER_WORDS.test(text),
    crossing:
      (e?.schema === 'Address' || e?.schema === 'LegalEntity' || e?.schema === 'PublicBody') &&
      CROSSING_WORDS.test(text),
    roles: [],
    group: null,
    entity: e,
  };
}

type OrderRow = z.output<typeof NetworkOrderInputSchema>;

/** Validates the input and refuses duplicate entity or order ids, naming both places. */
function checkedInput(input: NetworkInput): { entities: FtmEntity[]; orders: OrderRow[] } {
  if (!input || typeof input !== 'object')
    throw new ChokepointError('CP_BAD_INPUT', 'no network input', {
      expected: '{ entities: [...], orders: [...] }',
    });
  const entities = validateList(FtmEntitySchema, input.entities ?? [], 'entities') as FtmEntity[];
  const orders = validateList(NetworkOrderInputSchema, input.orders ?? [], 'orders');
  const seenIds = new Map<string, number>();
  entities.forEach((e, i) => {
    const before = seenIds.get(e.id);
    if (before !== undefined)
      throw new ChokepointError(
        'CP_DUPLICATE_ID',
        `entity id "${e.id}" appears twice (entities[${before}] and entities[${i}])`,
        { field: `entities[${i}].id`, expected: 'unique ids' },
      );
    seenIds.set(e.id, i);
  });
  const seenOrders = new Set<string>();
  orders.forEach((o, i) => {
    if (seenOrders.has(o.order_id))
      throw new ChokepointError('CP_DUPLICATE_ID', `order id "${o.order_id}" appears twice`, {
        field: `orders[${i}].order_id`,
        expected: 'unique order ids',
      });
    seenOrders.add(o.order_id);
  });
  return { entities, orders };
}

/** An order's parties, by their canonical node ids. */
interface OrderParties {
  seller: string;
  buyer: string;
  consignee: string | null;
  payer: string | null;
}

/**
 * Orders' parties as canonical ids: orders without resolved ids get them resolved here,
 * exactly as on import (the parties it creates join `parties`).
 */
function orderParties(
  orders: OrderRow[],
  parties: FtmEntity[],
): { partiesOf: Map<string, OrderParties>; merged: Set<string> } {
  const unresolved = orders.filter((o) => !o.seller_entity_id || !o.buyer_entity_id);
  const resolved = unresolved.length ? resolveOrderParties(unresolved as Order[], parties) : null;
  if (resolved) parties.push(...resolved.created);
  const canonical = canonicalParties(parties);
  const canon = <T extends string | null | undefined>(id: T): T =>
    id ? ((canonical.get(id) ?? id) as T) : id;
  const byOrder = new Map<string, OrderParties>();
  for (const o of orders) {
    const r = resolved?.byOrder.get(o.order_id);
    byOrder.set(o.order_id, {
      seller: canon(o.seller_entity_id ?? r!.seller),
      buyer: canon(o.buyer_entity_id ?? r!.buyer),
      consignee: canon(
        o.consignee_entity_id ??
          (o.consignee_entity_id === undefined ? (r?.consignee ?? null) : null),
      ),
      payer: canon(
        o.payer_entity_id ?? (o.payer_entity_id === undefined ? (r?.payer ?? null) : null),
      ),
    });
  }
  // Parties merged into a canonical one get no node of their own.
  return { partiesOf: byOrder, merged: new Set(canonical.keys()) };
}

/** Adds to an edge what one order carries along it. */
function carry(e: NetworkEdge, o: OrderRow, commodity: string): void {
  pushNew(e.commodities, commodity);
  pushNew(e.order_ids, o.order_id);
  pushNew(e.dates, o.order_date);
  e.volume += o.quantity ?? 0;
  e.value += o.value ?? 0;
}

/** What the orders add: supply along each chain, payment from payer to seller, shipments. */
function addOrders(
  draft: NetworkDraft,
  rows: OrderRow[],
  partiesOf: Map<string, OrderParties>,
): Pick<Network, 'orders' | 'shipments' | 'payments'> {
  const orders: NetworkOrder[] = [];
  const shipments: Shipment[] = [];
  const payments: PaymentRecord[] = [];
  const crossingByPlace = new Map<string, string>();
  for (const c of draft.nodes.values())
    if (c.crossing) for (const name of c.names) crossingByPlace.set(foldText(name), c.id);

  for (const o of rows) {
    const { seller, buyer, consignee, payer } = partiesOf.get(o.order_id)!;
    for (const [id, role] of [
      [seller, 'seller'],
      [buyer, 'buyer'],
      [consignee, 'consignee'],
      [payer, 'payer'],
    ] as const) {
      if (id) pushNew(draft.ensure(id, `order ${o.order_id} (${role})`).roles, role);
    }
    const commodity = commodityOf(o.goods, o.hs_code);
    const chain = [seller, buyer];
    if (consignee && consignee !== buyer) chain.push(consignee);
    for (let i = 0; i + 1 < chain.length; i++) {
      if (chain[i] === chain[i + 1]) continue;
      carry(
        draft.edge('supply', chain[i]!, chain[i + 1]!, i === 0 ? 'Order' : 'Consignment'),
        o,
        commodity.id,
      );
    }
    const thirdParty = payer !== null && payer !== buyer;
    const payingParty = payer ?? buyer;
    if (payingParty !== seller) {
      const p = draft.edge('payment', payingParty, seller, 'Order');
      pushNew(p.order_ids, o.order_id);
      pushNew(p.dates, o.order_date);
      pushNew(p.methods, o.payment_method);
      p.value += o.value ?? 0;
    }
    payments.push({
      id: `${o.order_id}:payment`,
      order_id: o.order_id,
      relation_id: null,
      payer: payingParty,
      beneficiary: seller,
      method: o.payment_method,
      amount: o.value,
      currency: o.currency,
      date: o.order_date,
      third_party: thirdParty,
    });
    const places = routePlaces(o.route);
    const crossings = places
      .filter((p) => crossingByPlace.has(foldText(p)) || CROSSING_WORDS.test(foldText(p)))
      .map((p) => ({ place: p, id: crossingByPlace.get(foldText(p)) ?? null }));
    const last = chain[chain.length - 1]!;
    for (const c of crossings)
      if (c.id) carry(draft.edge('supply', last, c.id, 'Route'), o, commodity.id);
    shipments.push({
      order_id: o.order_id,
      commodity: commodity.id,
      from: seller,
      to: last,
      date: o.order_date,
      places,
      crossings,
    });
    orders.push({
      order_id: o.order_id,
      date: o.order_date,
      commodity,
      goods: o.goods,
      seller,
      buyer,
      consignee,
      payer,
      chain,
      quantity: o.quantity,
      unit: o.unit,
      value: o.value,
      currency: o.currency,
      payment_method: o.payment_method,
      third_party_payer: thirdParty,
    });
  }
  return { orders, shipments, payments };
}

/** Roles from orders decide who is a supplier and who an end user. */
function markSuppliersAndEndUsers(nodes: Iterable<NetworkNode>): void {
  for (const n of nodes) {
    const sells = n.roles.includes('seller');
    const buys = n.roles.includes('buyer');
    n.supplier = sells && !buys;
    n.end_user =
      (buys && !sells) ||
      n.topics.some((t) => t === 'crime.terror' || t.startsWith('crime.terror.'));
  }
}

/** A hand-over point of goods: a carrier, a crossing or (as a target) a terror-listed end user. */
function handsOver(n: NetworkNode): boolean {
  return n.carrier || n.crossing;
}

/**
 * The edge a relation becomes. An Associate link carries goods when it reaches a carrier, a
 * crossing or a terror-listed end user from a party that is none of these (pointing that
 * way), or joins a carrier or crossing to the next one; otherwise it is an association.
 */
function relationEdge(
  draft: NetworkDraft,
  rel: FtmEntity,
  a: NetworkNode,
  b: NetworkNode,
): NetworkEdge {
  const spec = EDGE_SCHEMAS[rel.schema]!;
  if (spec.control) return draft.edge('control', a.id, b.id, rel.schema);
  if (rel.schema === 'Payment') return draft.edge('payment', a.id, b.id, rel.schema);
  if (rel.schema === 'UnknownLink') return draft.edge('supply', a.id, b.id, rel.schema);
  if (rel.schema === 'Associate') {
    const aEnd = handsOver(a) || isTerror(a);
    const bEnd = handsOver(b) || isTerror(b);
    if (bEnd && !aEnd) return draft.edge('supply', a.id, b.id, rel.schema);
    if (aEnd && !bEnd) return draft.edge('supply', b.id, a.id, rel.schema);
    if (handsOver(a) && bEnd) return draft.edge('supply', a.id, b.id, rel.schema);
  }
  return draft.edge('association', a.id, b.id, rel.schema);
}

/** A Payment relation's amount and method, on its edge and as a payment record. */
function addPaymentRelation(rel: FtmEntity, e: NetworkEdge, date: string | null): PaymentRecord {
  const amount = Number(prop(rel, 'amount'));
  if (Number.isFinite(amount)) e.value += amount;
  const method = prop(rel, 'programme') ?? prop(rel, 'method');
  pushNew(e.methods, method);
  return {
    id: rel.id,
    order_id: null,
    relation_id: rel.id,
    payer: e.source,
    beneficiary: e.target,
    method,
    amount: Number.isFinite(amount) ? amount : null,
    currency: prop(rel, 'currency'),
    date,
    third_party: false,
  };
}

/** What the FtM relations add: edges, payments, and each relation with the orders it names. */
function addRelations(
  draft: NetworkDraft,
  relations: FtmEntity[],
  orderIds: Set<string>,
  payments: PaymentRecord[],
): RelationInfo[] {
  const info: RelationInfo[] = [];
  for (const rel of relations) {
    const ends = edgeEnds(rel);
    if (!ends) {
      draft.warnings.push(`relation ${rel.id} (${rel.schema}) lacks one of its ends: left out`);
      continue;
    }
    const a = draft.ensure(ends.source, `relation ${rel.id}`);
    const b = draft.ensure(ends.target, `relation ${rel.id}`);
    if (a.id === b.id) continue;
    const date = prop(rel, 'date') ?? prop(rel, 'startDate');
    const e = relationEdge(draft, rel, a, b);
    if (rel.schema === 'Payment') payments.push(addPaymentRelation(rel, e, date));
    pushNew(e.relation_ids, rel.id);
    pushNew(e.dates, date);
    const text = ['description', 'summary', 'role', 'notes', 'purpose']
      .flatMap((k) => props(rel, k))
      .join(' ');
    const named = orderIds.size && text ? [...orderIds].filter((id) => text.includes(id)) : [];
    info.push({
      id: rel.id,
      schema: rel.schema,
      source: a.id,
      target: b.id,
      date,
      order_ids: named,
    });
  }
  // A node reached by a supply leg that names it as a border crossing counts as one.
  for (const e of draft.edges.values()) {
    const t = draft.nodes.get(e.target)!;
    if (e.kind === 'supply' && t.schema === 'Address') t.crossing = true;
  }
  return info;
}

/** Orders, volume and value per commodity, most ordered first. */
function commodityTotals(orders: NetworkOrder[]): Network['commodities'] {
  const byCommodity = new Map<string, Network['commodities'][number]>();
  for (const o of orders) {
    let c = byCommodity.get(o.commodity.id);
    if (!c)
      byCommodity.set(
        o.commodity.id,
        (c = { ...o.commodity, orders: 0, volume: 0, value: 0, units: [] }),
      );
    c.orders++;
    c.volume += o.quantity ?? 0;
    c.value += o.value ?? 0;
    pushNew(c.units, o.unit);
  }
  return [...byCommodity.values()].sort((a, b) => b.orders - a.orders || a.id.localeCompare(b.id));
}

/** Builds the network from FtM entities and orders. Pure: plain data in, plain data out. */
export function buildNetwork(input: NetworkInput): Network {
  const { entities, orders: rows } = checkedInput(input);
  const relations = entities.filter((e) => EDGE_SCHEMAS[e.schema]);
  const parties = entities.filter(
    (e) => !EDGE_SCHEMAS[e.schema] && e.schema !== 'Sanction' && e.schema !== 'Note',
  );
  const draft = new NetworkDraft();
  const { partiesOf, merged } = orderParties(rows, parties);
  for (const e of parties) if (!merged.has(e.id)) draft.addNode(e, e.id);
  const { orders, shipments, payments } = addOrders(draft, rows, partiesOf);
  markSuppliersAndEndUsers(draft.nodes.values());
  const orderIds = new Set(rows.map((o) => o.order_id));
  const relationInfo = addRelations(draft, relations, orderIds, payments);

  const nodeList = [...draft.nodes.values()];
  const edgeList = [...draft.edges.values()];
  for (const e of edgeList) e.dates.sort();
  const groups = businessGroups(nodeList, edgeList);
  for (const g of groups) for (const m of g.members) draft.nodes.get(m)!.group = g.id;
  return {
    nodes: nodeList,
    relations: relationInfo,
    byId: draft.nodes,
    edges: edgeList,
    orders,
    shipments,
    payments,
    groups,
    commodities: commodityTotals(orders),
    warnings: draft.warnings,
  };
}

/**
 * Words that differ between an order's spelling of a firm and its register entry: the legal
 * forms (core/legal-forms.ts), a free-zone authority and filler words.
 */
const FILLER = new Set(['dmcc', 'san', 'tic', 've', 'ticaret', 'sanayi', 'and', 'the']);

function looseKey(name: string): string {
  // Runs of single letters are one abbreviation: "F.Z.E." folds to "f z e", read as "fze".
  const tokens: string[] = [];
  let lettersRun = false;
  for (const t of foldText(name).split(' ')) {
    if (t.length === 1 && /[a-z]/.test(t) && lettersRun) {
      tokens[tokens.length - 1] += t;
      continue;
    }
    tokens.push(t);
    lettersRun = t.length === 1 && /[a-z]/.test(t);
  }
  return tokens.filter((t) => t && !LEGAL_FORMS.has(t) && !FILLER.has(t)).join(' ');
}

/**
 * Parties that the order importer created on its own (ids `party_…`, made when orders were
 * imported before the FtM file that describes the same firms, or spelled without the legal
 * form) are folded into the FtM entity of the same name when exactly one matches, by
 * folded name or alias with legal forms set aside ("Karahan Kimya" = "Karahan Kimya Ltd.
 * Şti."). Without this, the same firm would be two nodes and every cut through it doubled.
 */
function canonicalParties(parties: FtmEntity[]): Map<string, string> {
  const byKey = new Map<string, Set<string>>();
  for (const e of parties) {
    if (e.id.startsWith('party_')) continue;
    for (const n of [entityCaption(e), ...props(e, 'name'), ...props(e, 'alias')]) {
      const k = looseKey(n);
      if (!k) continue;
      if (!byKey.has(k)) byKey.set(k, new Set());
      byKey.get(k)!.add(e.id);
    }
  }
  const out = new Map<string, string>();
  for (const e of parties) {
    if (!e.id.startsWith('party_')) continue;
    const hits = new Set<string>();
    for (const n of [entityCaption(e), ...props(e, 'name')])
      for (const id of byKey.get(looseKey(n)) ?? []) hits.add(id);
    if (hits.size === 1) out.set(e.id, [...hits][0]!);
  }
  return out;
}

function isTerror(n: NetworkNode): boolean {
  return n.topics.some((t) => t === 'crime.terror' || t.startsWith('crime.terror.'));
}

/**
 * Business groups: connected components over control edges (union-find), two members or
 * more. A group is named after a surname most of its people share ("Karahan family
 * group"), else after its best-connected member.
 */
export function businessGroups(nodes: NetworkNode[], edges: NetworkEdge[]): BusinessGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (parent.get(c) !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  for (const n of nodes) parent.set(n.id, n.id);
  const control = edges.filter((e) => e.kind === 'control');
  for (const e of control) {
    const a = find(e.source);
    const b = find(e.target);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const members = new Map<string, string[]>();
  for (const n of nodes) {
    const r = find(n.id);
    if (!members.has(r)) members.set(r, []);
    members.get(r)!.push(n.id);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const degree = new Map<string, number>();
  for (const e of control)
    for (const v of [e.source, e.target]) degree.set(v, (degree.get(v) ?? 0) + 1);
  const groups: BusinessGroup[] = [];
  for (const list of members.values()) {
    if (list.length < 2) continue;
    list.sort();
    const set = new Set(list);
    const surnames = new Map<string, number>();
    for (const id of list) {
      const e = byId.get(id)?.entity;
      if (e?.schema !== 'Person') continue;
      const last = prop(e, 'lastName') ?? entityCaption(e).trim().split(/\s+/).pop() ?? '';
      if (last) surnames.set(last, (surnames.get(last) ?? 0) + 1);
    }
    const [surname, count] = [...surnames.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0] ?? ['', 0];
    const hub = [...list].sort(
      (a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0) || a.localeCompare(b),
    )[0]!;
    groups.push({
      id: `group:${list[0]}`,
      name: count >= 2 ? `${surname} family group` : `${byId.get(hub)!.name} group`,
      members: list,
      relation_ids: control.filter((e) => set.has(e.source)).flatMap((e) => e.relation_ids),
    });
  }
  return groups.sort((a, b) => b.members.length - a.members.length || a.id.localeCompare(b.id));
}

/**
 * The network with every business group folded into one node (`group:…`, schema
 * BusinessGroup): edges inside a group vanish, edges to members become edges to the
 * group, and orders' chains are mapped the same way. Everything else is unchanged.
 */
export function collapseGroups(net: Network): Network {
  const map = new Map<string, string>();
  const nodes: NetworkNode[] = [];
  const groupNodes = new Map<string, NetworkNode>();
  for (const g of net.groups) {
    const ms = g.members.map((m) => net.byId.get(m)!);
    const node: NetworkNode = {
      id: g.id,
      name: g.name,
      schema: 'BusinessGroup',
      names: [g.name, ...ms.flatMap((m) => m.names)],
      topics: [...new Set(ms.flatMap((m) => m.topics))],
      country: ms.find((m) => m.country)?.country ?? null,
      supplier: false,
      end_user: ms.some((m) => isTerror(m)),
      carrier: ms.some((m) => m.carrier),
      crossing: false,
      roles: [...new Set(ms.flatMap((m) => m.roles))],
      group: g.id,
      entity: null,
    };
    groupNodes.set(g.id, node);
    for (const m of g.members) map.set(m, g.id);
  }
  for (const n of net.nodes) {
    if (map.has(n.id)) {
      const gid = map.get(n.id)!;
      if (!nodes.includes(groupNodes.get(gid)!)) nodes.push(groupNodes.get(gid)!);
    } else nodes.push(n);
  }
  const to = (id: string) => map.get(id) ?? id;
  for (const g of groupNodes.values()) {
    const sells = g.roles.includes('seller');
    const buys = g.roles.includes('buyer');
    g.supplier = sells && !buys;
    g.end_user ||= buys && !sells;
  }
  const edges = new Map<string, NetworkEdge>();
  for (const e of net.edges) {
    const s = to(e.source);
    const t = to(e.target);
    if (s === t) continue;
    const key = `${e.kind}\u0000${s}\u0000${t}`;
    const x = edges.get(key);
    if (!x) {
      edges.set(key, {
        ...e,
        source: s,
        target: t,
        via: [...e.via],
        commodities: [...e.commodities],
        order_ids: [...e.order_ids],
        relation_ids: [...e.relation_ids],
        dates: [...e.dates],
        methods: [...e.methods],
      });
      continue;
    }
    x.volume += e.volume;
    x.value += e.value;
    for (const k of [
      'via',
      'commodities',
      'order_ids',
      'relation_ids',
      'dates',
      'methods',
    ] as const)
      for (const v of e[k]) if (!x[k].includes(v)) x[k].push(v);
    x.dates.sort();
  }
  const orders = net.orders.map((o) => {
    const chain: string[] = [];
    for (const p of o.chain.map(to)) if (chain[chain.length - 1] !== p) chain.push(p);
    return {
      ...o,
      seller: to(o.seller),
      buyer: to(o.buyer),
      consignee: o.consignee && to(o.consignee),
      payer: o.payer && to(o.payer),
      chain,
    };
  });
  return {
    ...net,
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    edges: [...edges.values()],
    orders,
    shipments: net.shipments.map((s) => ({ ...s, from: to(s.from), to: to(s.to) })),
    payments: net.payments.map((p) => ({
      ...p,
      payer: to(p.payer),
      beneficiary: to(p.beneficiary),
    })),
  };
}

/** The supply edges as a compact directed graph, with the node order used. */
export function supplyGraph(net: Network): {
  graph: CompactGraph;
  ids: string[];
  index: Map<string, number>;
} {
  const ids = net.nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const src: number[] = [];
  const dst: number[] = [];
  for (const e of net.edges) {
    if (e.kind !== 'supply') continue;
    src.push(index.get(e.source)!);
    dst.push(index.get(e.target)!);
  }
  return { graph: compactFromEdges(ids.length, src, dst, true), ids, index };
}
