import { dayNumber } from '../core/date.ts';
import { foldText } from '../core/fold.ts';
import { entityCaption, props, type FtmEntity } from '../network/ftm.ts';
import type { Order } from '../network/orders.ts';
import {
  analyseRoute,
  classifyBusiness,
  classifyGoods,
  classifyParty,
  regionOf,
  shareDistinctiveWord,
  unitBasis,
  type BusinessClass,
  type GoodsClass,
  type PartyClass,
  type RegionInfo,
  type RouteInfo,
} from './classify.ts';
import { FLAG_CODES, sigmoid, logit, type FlagCode, type Rules } from './rules.ts';
import { ListMatcher, type ListEntry } from './sanctions.ts';
import type { Flag, ScoredOrder } from './schema.ts';

/** One point of a score: the indicator, its log-odds weight and the evidence behind it. */
export type { Flag, ScoredOrder } from './schema.ts';

/** An order as imported, with the entity ids of its parties when the store resolved them. */
export type OrderInput = Order & {
  seller_entity_id?: string | null;
  buyer_entity_id?: string | null;
  payer_entity_id?: string | null;
  consignee_entity_id?: string | null;
};

export interface RelationInput {
  schema: string;
  source_id: string;
  target_id: string;
}

export type { ListEntry } from './sanctions.ts';

export interface ScoringInput {
  orders: OrderInput[];
  /** Orders the history and peer comparisons are made against (default: `orders`). */
  history?: OrderInput[];
  entities?: FtmEntity[];
  relations?: RelationInput[];
  lists?: ListEntry[];
}

/** Relations that make two parties one business or one family: a payer or consignee so linked is not a third party. */
export const LINK_SCHEMAS = new Set([
  'Family',
  'Ownership',
  'Directorship',
  'Membership',
  'Employment',
  'Representation',
  'Associate',
]);
/** FtM topics that mark an entity as flagged already. */
export const FLAGGED_TOPICS = [
  'sanction',
  'sanction.linked',
  'crime',
  'crime.terror',
  'crime.war',
  'crime.traffick',
  'crime.fin',
  'wanted',
  'debarment',
];

export { dayNumber };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A quantity in kg, litres or pieces; null when there is none or the unit is unknown. */
export function normalisedQuantity(
  quantity: number | null,
  unit: string | null,
): { value: number; basis: 'kg' | 'l' | 'pcs' } | null {
  if (quantity === null || !(quantity > 0)) return null;
  const u = unitBasis(unit);
  return u.basis ? { value: quantity * u.factor, basis: u.basis } : null;
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** Memoised classifiers of the distinct values of a batch. */
export class Lookups {
  private goodsCache = new Map<string, GoodsClass>();
  private businessCache = new Map<string, BusinessClass>();
  private partyCache = new Map<string, PartyClass>();
  private regionCache = new Map<string, RegionInfo>();
  private routeCache = new Map<string, RouteInfo>();
  constructor(private readonly rules: Rules) {}
  goods(goods: string | null, hs: string | null): GoodsClass {
    const k = `${goods ?? ''}\u0000${hs ?? ''}`;
    let v = this.goodsCache.get(k);
    if (!v) this.goodsCache.set(k, (v = classifyGoods(goods, hs)));
    return v;
  }
  business(b: string | null): BusinessClass {
    const k = b ?? '';
    let v = this.businessCache.get(k);
    if (!v) this.businessCache.set(k, (v = classifyBusiness(b)));
    return v;
  }
  party(name: string | null, sector: string | null = null): PartyClass {
    const k = `${name ?? ''}\u0000${sector ?? ''}`;
    let v = this.partyCache.get(k);
    if (!v) this.partyCache.set(k, (v = classifyParty(name, sector)));
    return v;
  }
  region(city: string | null, country: string | null): RegionInfo {
    const k = `${city ?? ''}\u0000${country ?? ''}`;
    let v = this.regionCache.get(k);
    if (!v)
      this.regionCache.set(
        k,
        (v = regionOf(city, country, this.rules.params.near_km, this.rules.params.region_km)),
      );
    return v;
  }
  route(route: string | null): RouteInfo {
    const k = route ?? '';
    let v = this.routeCache.get(k);
    if (!v) this.routeCache.set(k, (v = analyseRoute(route, this.rules.params.crossing_km)));
    return v;
  }
}

/** What the store knows of the parties: entities by id and by folded name, and the links between them. */
export class PartyGraph {
  readonly byId = new Map<string, FtmEntity>();
  private readonly byName = new Map<string, string>();
  private readonly adjacency = new Map<string, string[]>();
  private readonly linkCache = new Map<string, number | null>();
  constructor(entities: FtmEntity[] = [], relations: RelationInput[] = []) {
    for (const e of entities) {
      this.byId.set(e.id, e);
      for (const n of [entityCaption(e), ...props(e, 'name'), ...props(e, 'alias')]) {
        const k = foldText(n);
        if (k && !this.byName.has(k)) this.byName.set(k, e.id);
      }
    }
    for (const r of relations) {
      if (!LINK_SCHEMAS.has(r.schema)) continue;
      (
        this.adjacency.get(r.source_id) ?? this.adjacency.set(r.source_id, []).get(r.source_id)!
      ).push(r.target_id);
      (
        this.adjacency.get(r.target_id) ?? this.adjacency.set(r.target_id, []).get(r.target_id)!
      ).push(r.source_id);
    }
  }
  /** The entity a party is: its resolved id, else the entity its name folds to. */
  resolve(name: string | null, id: string | null | undefined): string | null {
    if (id && this.byId.has(id)) return id;
    if (!name) return id ?? null;
    return this.byName.get(foldText(name)) ?? id ?? null;
  }
  /** Hops between two entities over family, ownership and control links (up to maxDepth), or null. */
  hops(a: string, b: string, maxDepth: number): number | null {
    if (a === b) return 0;
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (this.linkCache.has(key)) return this.linkCache.get(key)!;
    let frontier = [a];
    const seen = new Set([a]);
    let found: number | null = null;
    for (let depth = 1; depth <= maxDepth && frontier.length > 0 && found === null; depth++) {
      const next: string[] = [];
      for (const x of frontier) {
        for (const y of this.adjacency.get(x) ?? []) {
          if (y === b) found = depth;
          if (!seen.has(y)) {
            seen.add(y);
            next.push(y);
          }
        }
      }
      frontier = next;
    }
    this.linkCache.set(key, found);
    return found;
  }
  sector(id: string | null): string | null {
    if (!id) return null;
    const e = this.byId.get(id);
    return e ? (props(e, 'sector')[0] ?? null) : null;
  }
}

/** How a payer or consignee stands to the buyer. */
export interface PartyLink {
  relation: 'same' | 'linked' | 'unlinked';
  how: string | null;
}

export function linkOf(
  graph: PartyGraph,
  depth: number,
  buyer: { name: string; id: string | null; cls: PartyClass },
  other: { name: string; id: string | null; cls: PartyClass },
): PartyLink {
  if (buyer.cls.key === other.cls.key || (buyer.id && buyer.id === other.id))
    return { relation: 'same', how: null };
  if (buyer.id && other.id) {
    const h = graph.hops(buyer.id, other.id, depth);
    if (h !== null) return { relation: 'linked', how: `${h} relation hop(s) in the network` };
  }
  const w = shareDistinctiveWord(buyer.cls, other.cls);
  if (w) return { relation: 'linked', how: `shares the name "${w}"` };
  if (other.cls.bank_term)
    return { relation: 'linked', how: `a bank acting for its client ("${other.cls.bank_term}")` };
  return { relation: 'unlinked', how: null };
}

/** A party of an order: its name, the entity it resolves to, and what kind of party it is. */
export interface PartyRef {
  name: string;
  id: string | null;
  cls: PartyClass;
}

interface GroupStats {
  median: number;
  n: number;
  buyers: number;
}

/**
 * Shared facts of a batch that single rows cannot see: quantity medians per buyer and per
 * peer group, payers paying for several buyers, and the party graph.
 */
export class BatchContext {
  readonly lookups: Lookups;
  readonly graph: PartyGraph;
  readonly history = new Map<string, GroupStats>();
  readonly peers = new Map<string, GroupStats>();
  /** Folded payer name → how many distinct buyers it pays for without a link to them. */
  readonly payerBuyers = new Map<string, number>();
  readonly lists: ListMatcher;
  /** Folded names and resolved parties, once per distinct value of the batch (folding is the costly part). */
  private readonly folded = new Map<string, string>();
  private readonly refs = new Map<string, PartyRef>();
  constructor(
    readonly rules: Rules,
    input: ScoringInput,
  ) {
    this.lookups = new Lookups(rules);
    this.graph = new PartyGraph(input.entities, input.relations);
    this.lists = new ListMatcher(input.lists ?? [], rules.params.sanctions_threshold);
    const hist = new Map<string, number[]>();
    const peer = new Map<string, { q: number[]; buyers: Set<string> }>();
    for (const o of input.history ?? input.orders) {
      const q = this.normalisedQuantity(o);
      const cls = this.lookups.goods(o.goods, o.hs_code).product_class;
      if (q === null || !cls) continue;
      const buyerKey = this.fold(o.buyer);
      const hk = `${buyerKey}|${cls}|${q.basis}`;
      (hist.get(hk) ?? hist.set(hk, []).get(hk)!).push(q.value);
      const sector = this.lookups.business(o.buyer_business).sector;
      if (sector) {
        const pk = `${sector}|${cls}|${q.basis}`;
        const g = peer.get(pk) ?? peer.set(pk, { q: [], buyers: new Set() }).get(pk)!;
        g.q.push(q.value);
        g.buyers.add(buyerKey);
      }
    }
    for (const [k, v] of hist) this.history.set(k, { median: median(v), n: v.length, buyers: 1 });
    for (const [k, v] of peer)
      this.peers.set(k, { median: median(v.q), n: v.q.length, buyers: v.buyers.size });
    const payerSets = new Map<string, Set<string>>();
    for (const o of input.orders) {
      if (!o.payer) continue;
      const link = this.payerLink(o);
      if (link.relation !== 'unlinked') continue;
      const pk = this.fold(o.payer);
      (payerSets.get(pk) ?? payerSets.set(pk, new Set()).get(pk)!).add(this.fold(o.buyer));
    }
    for (const [k, v] of payerSets) this.payerBuyers.set(k, v.size);
  }
  normalisedQuantity(o: Order): { value: number; basis: string } | null {
    return normalisedQuantity(o.quantity, o.unit);
  }
  /** foldText, memoised for the batch. */
  fold(s: string): string {
    let v = this.folded.get(s);
    if (v === undefined) this.folded.set(s, (v = foldText(s)));
    return v;
  }
  private partyRef(name: string, id: string | null | undefined): PartyRef {
    const k = `${name}\u0000${id ?? ''}`;
    let ref = this.refs.get(k);
    if (!ref) {
      const resolved = this.graph.resolve(name, id);
      ref = { name, id: resolved, cls: this.lookups.party(name, this.graph.sector(resolved)) };
      this.refs.set(k, ref);
    }
    return ref;
  }
  buyerRef(o: OrderInput) {
    return this.partyRef(o.buyer, o.buyer_entity_id);
  }
  payerRef(o: OrderInput) {
    return o.payer ? this.partyRef(o.payer, o.payer_entity_id) : null;
  }
  consigneeRef(o: OrderInput) {
    return o.consignee ? this.partyRef(o.consignee, o.consignee_entity_id) : null;
  }
  payerLink(o: OrderInput): PartyLink {
    const p = this.payerRef(o);
    return p
      ? linkOf(this.graph, this.rules.params.link_depth, this.buyerRef(o), p)
      : { relation: 'same', how: null };
  }
}

/** One indicator as it fired on an order: its strength (0–1) and the evidence behind it. */
export interface IndicatorHit {
  code: FlagCode;
  strength: number;
  evidence: Record<string, unknown>;
}

/** Records an indicator that fired; a zero strength is no indicator at all. */
function fire(
  out: IndicatorHit[],
  code: FlagCode,
  strength: number,
  evidence: Record<string, unknown>,
): void {
  if (strength > 0) out.push({ code, strength, evidence });
}

/**
 * The indicators of one order (all but SHARED_CONTACT_WITH_FLAGGED, which needs the first
 * pass over the whole batch). Each returns its strength (0–1) and its evidence: the field,
 * the value, and the list entry or comparison that made it fire.
 *
 * One function per family of indicators, called in a fixed order. The order of the hits is
 * part of the result: the score sums their weights in this order (floating-point addition is
 * not associative) and flags of one code keep it after the sort by code.
 */
export function indicatorsOf(o: OrderInput, ctx: BatchContext): IndicatorHit[] {
  const out: IndicatorHit[] = [];
  sanctionedParty(o, ctx, out);
  // The customer's age feeds the combined new-customer-in-region indicator.
  const newStrength = customerAge(o, ctx, out);
  sensitiveRegions(o, ctx, newStrength, out);
  // Goods and business are classified once and shared by the families that need them.
  const goods = ctx.lookups.goods(o.goods, o.hs_code);
  const business = ctx.lookups.business(o.buyer_business);
  goodsIncongruent(o, goods, business, out);
  quantityDisproportionate(o, ctx, goods, business, out);
  paymentIndicators(o, ctx, out);
  routeIndicators(o, ctx, out);
  consigneeIndicators(o, ctx, out);
  controlledGoods(o, goods, out);
  return out;
}

/**
 * SANCTIONED_PARTY, at most once per order: the first party (buyer, payer, consignee, seller)
 * whose name matches a loaded list, else the first party entity the network already marks
 * with a sanction or terrorism topic. A list hit wins because it names the list entry.
 */
function sanctionedParty(o: OrderInput, ctx: BatchContext, out: IndicatorHit[]): void {
  for (const [role, name] of [
    ['buyer', o.buyer],
    ['payer', o.payer],
    ['consignee', o.consignee],
    ['seller', o.seller],
  ] as const) {
    if (!name) continue;
    const hit = ctx.lists.match(name);
    if (hit) {
      fire(out, 'SANCTIONED_PARTY', 1, {
        field: role,
        value: name,
        list: hit.list,
        entry: hit.entry,
        matched_name: hit.matched_name,
        match_score: hit.score,
        matched_by: hit.by,
      });
      return;
    }
  }
  // Only the buyer, payer and consignee are resolved to entities of the batch; the seller is not.
  for (const [role, ref] of [
    ['buyer', ctx.buyerRef(o)],
    ['payer', ctx.payerRef(o)],
    ['consignee', ctx.consigneeRef(o)],
  ] as const) {
    const e = ref?.id ? ctx.graph.byId.get(ref.id) : undefined;
    const topic = e ? props(e, 'topics').find((t) => FLAGGED_TOPICS.includes(t)) : undefined;
    if (e && topic && (topic.startsWith('sanction') || topic === 'crime.terror')) {
      fire(out, 'SANCTIONED_PARTY', 1, {
        field: role,
        value: ref!.name,
        list: 'network topics',
        entry: e.id,
        topic,
      });
      return;
    }
  }
}

/**
 * New or unknown customer: CUSTOMER_HISTORY_UNKNOWN without a first-seen date, else
 * NEW_CUSTOMER at full strength within new_customer_days and half within recent_customer_days.
 * Returns that strength (0 when unknown or undated), which the region family combines.
 */
function customerAge(o: OrderInput, ctx: BatchContext, out: IndicatorHit[]): number {
  const p = ctx.rules.params;
  const orderDay = dayNumber(o.order_date);
  const firstDay = dayNumber(o.buyer_first_seen);
  if (firstDay === null) {
    fire(out, 'CUSTOMER_HISTORY_UNKNOWN', 1, {
      field: 'buyer_first_seen',
      value: null,
      note: 'no first-seen date for the buyer',
    });
    return 0;
  }
  if (orderDay === null) return 0;
  const days = orderDay - firstDay;
  const strength = days <= p.new_customer_days ? 1 : days <= p.recent_customer_days ? 0.5 : 0;
  fire(out, 'NEW_CUSTOMER', strength, {
    field: 'buyer_first_seen',
    value: o.buyer_first_seen,
    order_date: o.order_date,
    days_before_order: days,
    threshold_days: strength === 1 ? p.new_customer_days : p.recent_customer_days,
  });
  return strength;
}

/**
 * Sensitive region: the buyer near a listed crossing or inside a listed area, the same for a
 * new customer (the product of both strengths: either alone is common, both together rare),
 * and the ship-to place (which falls back on the buyer's country when it has none).
 */
function sensitiveRegions(
  o: OrderInput,
  ctx: BatchContext,
  newStrength: number,
  out: IndicatorHit[],
): void {
  const p = ctx.rules.params;
  const region = ctx.lookups.region(o.buyer_city, o.buyer_country);
  fire(
    out,
    'SENSITIVE_REGION',
    region.strength,
    regionEvidence('buyer_city', o.buyer_city, region, p.near_km, p.region_km),
  );
  fire(out, 'NEW_CUSTOMER_IN_SENSITIVE_REGION', newStrength * region.strength, {
    field: 'buyer_first_seen+buyer_city',
    value: `${o.buyer_first_seen} ${o.buyer_city}`,
    note: 'a new customer located in a sensitive region',
  });
  const shipRegion = ctx.lookups.region(o.ship_to_city, o.ship_to_country ?? o.buyer_country);
  fire(
    out,
    'SHIP_TO_SENSITIVE_REGION',
    shipRegion.strength,
    regionEvidence('ship_to_city', o.ship_to_city, shipRegion, p.near_km, p.region_km),
  );
}

/**
 * GOODS_INCONGRUENT: the goods' product class is not one the buyer's sector buys. Silent when
 * either side is unclassified, or the sector buys everything (a wholesaler): no evidence of a
 * mismatch is no mismatch.
 */
function goodsIncongruent(
  o: OrderInput,
  goods: GoodsClass,
  business: BusinessClass,
  out: IndicatorHit[],
): void {
  if (
    !goods.product_class ||
    !business.sector ||
    business.buys_all ||
    business.buys.has(goods.product_class)
  )
    return;
  fire(out, 'GOODS_INCONGRUENT', 1, {
    field: 'buyer_business',
    value: o.buyer_business,
    sector: business.sector,
    sector_term: business.sector_term,
    goods: o.goods,
    hs_code: o.hs_code,
    product_class: goods.product_class,
    class_matched_by: goods.class_by,
    class_term: goods.class_match,
    list: 'sectors.json',
  });
}

/**
 * QUANTITY_DISPROPORTIONATE, against the first comparison that has enough data: the buyer's
 * own orders of the class, then its sector's peers (enough orders from enough buyers, so one
 * big buyer does not set the norm), then a fixed bulk threshold for a small business.
 */
function quantityDisproportionate(
  o: OrderInput,
  ctx: BatchContext,
  goods: GoodsClass,
  business: BusinessClass,
  out: IndicatorHit[],
): void {
  const p = ctx.rules.params;
  const q = ctx.normalisedQuantity(o);
  if (!q || !goods.product_class) return;
  const buyerKey = ctx.fold(o.buyer);
  const h = ctx.history.get(`${buyerKey}|${goods.product_class}|${q.basis}`);
  const peer = business.sector
    ? ctx.peers.get(`${business.sector}|${goods.product_class}|${q.basis}`)
    : undefined;
  let ev: Record<string, unknown> | null = null;
  if (h && h.n >= p.history_min_orders && q.value >= p.quantity_ratio * h.median) {
    ev = {
      compared_with: 'buyer history',
      median: round(h.median),
      orders: h.n,
      ratio: round(q.value / h.median, 2),
    };
  } else if (
    peer &&
    peer.n >= p.peer_min_orders &&
    peer.buyers >= p.peer_min_buyers &&
    q.value >= p.quantity_ratio * peer.median
  ) {
    ev = {
      compared_with: `peers in sector ${business.sector}`,
      median: round(peer.median),
      orders: peer.n,
      buyers: peer.buyers,
      ratio: round(q.value / peer.median, 2),
    };
  } else if (
    business.small &&
    ((q.basis === 'kg' && q.value >= p.bulk_kg) || (q.basis === 'l' && q.value >= p.bulk_l))
  ) {
    ev = {
      compared_with: 'bulk threshold for a small business',
      small_business: business.small_term,
      threshold: q.basis === 'kg' ? p.bulk_kg : p.bulk_l,
    };
  }
  if (ev)
    fire(out, 'QUANTITY_DISPROPORTIONATE', 1, {
      field: 'quantity',
      value: o.quantity,
      unit: o.unit,
      normalised: round(q.value),
      basis: q.basis,
      ...ev,
    });
}

/**
 * Payment: a third party pays (and, among those, one that pays for several unlinked buyers of
 * the batch), the payer is a money transfer operator, or the method hides the payer (its
 * strength comes from the rules' payment_strength table).
 */
function paymentIndicators(o: OrderInput, ctx: BatchContext, out: IndicatorHit[]): void {
  const p = ctx.rules.params;
  const payer = ctx.payerRef(o);
  if (payer) {
    const link = ctx.payerLink(o);
    if (link.relation === 'unlinked') {
      fire(out, 'THIRD_PARTY_PAYER', 1, {
        field: 'payer',
        value: o.payer,
        buyer: o.buyer,
        note: 'no family, ownership or control link to the buyer is known',
      });
      const buyers = ctx.payerBuyers.get(payer.cls.key) ?? 0;
      if (buyers >= p.payer_min_buyers) {
        fire(out, 'PAYER_FOR_SEVERAL_BUYERS', 1, {
          field: 'payer',
          value: o.payer,
          buyers,
          threshold: p.payer_min_buyers,
        });
      }
    }
    if (payer.cls.mto_term)
      fire(out, 'PAYER_IS_MONEY_TRANSFER_OPERATOR', 1, {
        field: 'payer',
        value: o.payer,
        term: payer.cls.mto_term,
        list: 'parties.json money_transfer_operator_terms',
      });
  }
  if (o.payment_method) {
    const s = p.payment_strength[o.payment_method] ?? 0;
    fire(out, 'CONCEALED_PAYMENT', s, {
      field: 'payment_method',
      value: o.payment_method,
      strength: s,
    });
  }
}

/**
 * Route: a stop at a listed crossing or in a listed area; a detour, when the travelled path is
 * both detour_ratio times the direct one and detour_min_km longer (a ratio alone would fire
 * on short hops with a few kilometres of detour).
 */
function routeIndicators(o: OrderInput, ctx: BatchContext, out: IndicatorHit[]): void {
  const p = ctx.rules.params;
  const r = ctx.lookups.route(o.route);
  if (r.via_crossing) {
    fire(out, 'ROUTE_THROUGH_CROSSING', 1, {
      field: 'route',
      value: o.route,
      ...r.via_crossing,
      threshold_km: p.crossing_km,
      list: r.via_crossing.crossing ? 'crossings.json' : 'areas.json',
    });
  }
  if (
    r.detour_ratio !== null &&
    r.detour_ratio >= p.detour_ratio &&
    r.travelled_km! - r.direct_km! >= p.detour_min_km
  ) {
    fire(out, 'ROUTE_DETOUR', 1, {
      field: 'route',
      value: o.route,
      detour_ratio: r.detour_ratio,
      direct_km: r.direct_km,
      travelled_km: r.travelled_km,
      threshold: p.detour_ratio,
    });
  }
}

/**
 * Consignee as final destination: a freight forwarder (unless it is the buyer itself), else a
 * party with no known link to the buyer. One or the other, never both: the forwarder is the
 * more specific finding.
 */
function consigneeIndicators(o: OrderInput, ctx: BatchContext, out: IndicatorHit[]): void {
  const c = ctx.consigneeRef(o);
  if (!c) return;
  const link = linkOf(ctx.graph, ctx.rules.params.link_depth, ctx.buyerRef(o), c);
  if (link.relation !== 'same' && c.cls.forwarder_term) {
    fire(out, 'CONSIGNEE_FORWARDER', 1, {
      field: 'consignee',
      value: o.consignee,
      term: c.cls.forwarder_term,
      list: 'parties.json freight_forwarder_terms',
      link: link.how,
    });
  } else if (link.relation === 'unlinked') {
    fire(out, 'CONSIGNEE_UNRELATED', 1, {
      field: 'consignee',
      value: o.consignee,
      buyer: o.buyer,
      note: 'no family, ownership or control link to the buyer is known',
    });
  }
}

/**
 * Controlled commodities, by HS code and by description: one hit per control list entry the
 * goods match, with its own code and strength. The field named is the HS code when it
 * matched by code, which is the stronger evidence.
 */
function controlledGoods(o: OrderInput, goods: GoodsClass, out: IndicatorHit[]): void {
  for (const c of goods.controlled) {
    fire(out, c.code, c.strength, {
      field: c.matched_by.includes('hs_code') ? 'hs_code' : 'goods',
      value: c.matched_by.includes('hs_code') ? o.hs_code : o.goods,
      goods: o.goods,
      hs_code: o.hs_code,
      matched_by: c.matched_by,
      list: c.list,
      entry: c.name,
      hs_prefix: c.hs_prefix,
      term: c.term,
    });
  }
}

function regionEvidence(
  field: string,
  value: string | null,
  r: RegionInfo,
  nearKm: number,
  regionKm: number,
): Record<string, unknown> {
  return {
    field,
    value,
    place: r.place ? `${r.place.name}, ${r.place.country}` : null,
    nearest_crossing: r.crossing,
    distance_km: r.distance_km,
    threshold_km: r.area ? null : r.strength === 1 ? nearKm : regionKm,
    area: r.area,
    list: r.area ? 'areas.json' : 'crossings.json',
  };
}

/** Contact keys of an entity (phone by its last nine digits, so +90 and 0 prefixes agree) with the raw value. */
function contactsOf(e: FtmEntity): { key: string; kind: string; value: string }[] {
  const out: { key: string; kind: string; value: string }[] = [];
  for (const ph of props(e, 'phone')) {
    const d = ph.replace(/\D/g, '');
    if (d.length >= 7) out.push({ key: `phone:${d.slice(-9)}`, kind: 'phone', value: ph });
  }
  for (const em of props(e, 'email'))
    out.push({ key: `email:${em.trim().toLowerCase()}`, kind: 'email', value: em });
  // A bare town is no shared address; a street address has a number in it.
  for (const a of props(e, 'address'))
    if (/\d/.test(a)) out.push({ key: `address:${foldText(a)}`, kind: 'address', value: a });
  return out;
}

/** Scores a batch: indicators, then shared contacts with the parties flagged in the first pass. */
export function scoreOrders(input: ScoringInput, rules: Rules): ScoredOrder[] {
  const ctx = new BatchContext(rules, input);
  const intercept = logit(rules.prior);
  const first = input.orders.map((o) => {
    const hits = indicatorsOf(o, ctx);
    const x = hits.reduce((s, h) => s + (rules.weights[h.code] ?? 0) * h.strength, intercept);
    return { o, hits, x };
  });
  // Flagged entities: parties of orders over the threshold, and entities with flagged topics.
  const flagged = new Map<string, string>();
  const threshold = logit(Math.min(0.999999, Math.max(1e-6, rules.params.flagged_threshold)));
  for (const f of first) {
    if (f.x < threshold) continue;
    for (const ref of [ctx.buyerRef(f.o), ctx.payerRef(f.o), ctx.consigneeRef(f.o)]) {
      if (ref?.id && !flagged.has(ref.id))
        flagged.set(ref.id, `party of flagged order ${f.o.order_id}`);
    }
  }
  for (const e of ctx.graph.byId.values()) {
    const topic = props(e, 'topics').find((t) => FLAGGED_TOPICS.includes(t));
    if (topic && !flagged.has(e.id)) flagged.set(e.id, `topic ${topic}`);
  }
  const byContact = new Map<string, string[]>();
  for (const id of flagged.keys()) {
    const e = ctx.graph.byId.get(id);
    if (!e) continue;
    for (const c of contactsOf(e))
      (byContact.get(c.key) ?? byContact.set(c.key, []).get(c.key)!).push(id);
  }
  const results: ScoredOrder[] = first.map(({ o, hits, x }) => {
    let total = x;
    const flags: Flag[] = hits.map((h) => ({
      code: h.code,
      weight: round((rules.weights[h.code] ?? 0) * h.strength, 4),
      evidence: h.evidence,
    }));
    if (byContact.size > 0) {
      const refs = [ctx.buyerRef(o), ctx.payerRef(o), ctx.consigneeRef(o)];
      const own = new Set(refs.map((r) => r?.id).filter(Boolean));
      outer: for (const [role, ref] of [
        ['buyer', refs[0]],
        ['payer', refs[1]],
        ['consignee', refs[2]],
      ] as const) {
        const e = ref?.id ? ctx.graph.byId.get(ref.id) : undefined;
        if (!e) continue;
        for (const c of contactsOf(e)) {
          const other = (byContact.get(c.key) ?? []).find((id) => !own.has(id));
          if (other) {
            const w = rules.weights.SHARED_CONTACT_WITH_FLAGGED ?? 0;
            total += w;
            flags.push({
              code: 'SHARED_CONTACT_WITH_FLAGGED',
              weight: round(w, 4),
              evidence: {
                field: role,
                value: ref!.name,
                shared: c.kind,
                contact: c.value,
                with_entity: other,
                with_name: entityCaption(ctx.graph.byId.get(other)!),
                flagged_because: flagged.get(other),
              },
            });
            break outer;
          }
        }
      }
    }
    flags.sort((a, b) => FLAG_CODES.indexOf(a.code) - FLAG_CODES.indexOf(b.code));
    return { order_id: o.order_id, likelihood: sigmoid(total), flags };
  });
  return sortScored(results);
}

/** Highest likelihood first; ties by order id, so that output is stable. */
export function sortScored<T extends { order_id: string; likelihood: number }>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      b.likelihood - a.likelihood ||
      (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0),
  );
}
