import { foldText } from '../core/fold.ts';
import { PAYMENT_METHODS, type Order } from '../network/orders.ts';
import type { BusinessClass, GoodsClass, PartyClass, RegionInfo, RouteInfo } from './classify.ts';
import {
  BatchContext,
  dayNumber,
  indicatorsOf,
  linkOf,
  Lookups,
  normalisedQuantity,
  PartyGraph,
  type Flag,
  type ListEntry,
} from './indicators.ts';
import { FLAG_CODES, logit, sigmoid, type FlagCode, type Rules } from './rules.ts';
import { ListMatcher } from './sanctions.ts';

/**
 * The columnar path: orders as typed arrays with dictionary-encoded strings. Everything
 * that depends on a text (the place of a city, the class of goods, the sector of a
 * business, what a party is, a route) is worked out once per distinct value; the per-order
 * loop only reads integers and floats. A scored order is a likelihood and a bit set of flag
 * codes; the evidence is materialised on demand by `explain(i)`, which runs the plain
 * rules on that one row against the batch's statistics, so both paths give the same flags.
 *
 * Scope: orders and screening lists, without the network (entities and relations); that is
 * what `flags score --orders` and bulk screening see. Shared contacts need the network and
 * are left to the plain path.
 */

/** A dictionary-encoded text column: `codes[i]` indexes `values`; -1 is null. */
export interface DictColumn {
  codes: Int32Array;
  values: (string | null)[];
}

export interface ColumnarOrders {
  n: number;
  order_id: string[];
  order_day: Int32Array;
  first_seen_day: Int32Array;
  quantity: Float64Array;
  /** Index into PAYMENT_METHODS, 255 for none. */
  payment: Uint8Array;
  seller: DictColumn;
  buyer: DictColumn;
  payer: DictColumn;
  consignee: DictColumn;
  business: DictColumn;
  unit: DictColumn;
  route: DictColumn;
  /** goods + "\0" + hs_code */
  goods: DictColumn;
  /** buyer_city + "\0" + buyer_country */
  buyer_place: DictColumn;
  /** ship_to_city + "\0" + (ship_to_country ?? buyer_country) */
  ship_place: DictColumn;
}

export const NO_DAY = -2147483648;
const NO_PAYMENT = 255;

class DictBuilder {
  private map = new Map<string, number>();
  readonly values: (string | null)[] = [];
  readonly codes: Int32Array;
  constructor(n: number) {
    this.codes = new Int32Array(n);
  }
  set(i: number, v: string | null): void {
    if (v === null) {
      this.codes[i] = -1;
      return;
    }
    let c = this.map.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.map.set(v, c);
      this.values.push(v);
    }
    this.codes[i] = c;
  }
  column(): DictColumn {
    return { codes: this.codes, values: this.values };
  }
}

const SEP = '\u0000';
const split2 = (s: string | null): [string | null, string | null] => {
  if (s === null) return [null, null];
  const k = s.indexOf(SEP);
  const a = s.slice(0, k);
  const b = s.slice(k + 1);
  return [a === '' ? null : a, b === '' ? null : b];
};

/** Encodes orders into columns (what a columnar store or a Parquet reader would hand over). */
export function toColumnar(orders: Order[]): ColumnarOrders {
  const n = orders.length;
  const d = () => new DictBuilder(n);
  const [seller, buyer, payer, consignee, business, unit, route, goods, buyerPlace, shipPlace] = [
    d(),
    d(),
    d(),
    d(),
    d(),
    d(),
    d(),
    d(),
    d(),
    d(),
  ];
  const order_day = new Int32Array(n);
  const first_seen_day = new Int32Array(n);
  const quantity = new Float64Array(n);
  const payment = new Uint8Array(n);
  const order_id = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const o = orders[i]!;
    order_id[i] = o.order_id;
    order_day[i] = dayNumber(o.order_date) ?? NO_DAY;
    first_seen_day[i] = dayNumber(o.buyer_first_seen) ?? NO_DAY;
    quantity[i] = o.quantity ?? NaN;
    payment[i] = o.payment_method ? PAYMENT_METHODS.indexOf(o.payment_method) : NO_PAYMENT;
    seller.set(i, o.seller);
    buyer.set(i, o.buyer);
    payer.set(i, o.payer);
    consignee.set(i, o.consignee);
    business.set(i, o.buyer_business);
    unit.set(i, o.unit);
    route.set(i, o.route);
    goods.set(i, `${o.goods ?? ''}${SEP}${o.hs_code ?? ''}`);
    buyerPlace.set(i, `${o.buyer_city ?? ''}${SEP}${o.buyer_country ?? ''}`);
    shipPlace.set(i, `${o.ship_to_city ?? ''}${SEP}${o.ship_to_country ?? o.buyer_country ?? ''}`);
  }
  return {
    n,
    order_id,
    order_day,
    first_seen_day,
    quantity,
    payment,
    seller: seller.column(),
    buyer: buyer.column(),
    payer: payer.column(),
    consignee: consignee.column(),
    business: business.column(),
    unit: unit.column(),
    route: route.column(),
    goods: goods.column(),
    buyer_place: buyerPlace.column(),
    ship_place: shipPlace.column(),
  };
}

/** The row back as an order (for explanations). */
export function rowOf(c: ColumnarOrders, i: number): Order {
  const v = (col: DictColumn) => (col.codes[i]! < 0 ? null : col.values[col.codes[i]!]!);
  const [goods, hs] = split2(v(c.goods));
  const [bcity, bcountry] = split2(v(c.buyer_place));
  const [scity, scountry] = split2(v(c.ship_place));
  const day = (x: number) =>
    x === NO_DAY ? null : new Date(x * 86_400_000).toISOString().slice(0, 10);
  return {
    order_id: c.order_id[i]!,
    order_date: day(c.order_day[i]!),
    seller: v(c.seller)!,
    seller_country: null,
    buyer: v(c.buyer)!,
    buyer_country: bcountry,
    buyer_city: bcity,
    buyer_business: v(c.business),
    buyer_first_seen: day(c.first_seen_day[i]!),
    goods,
    hs_code: hs,
    quantity: Number.isNaN(c.quantity[i]!) ? null : c.quantity[i]!,
    unit: v(c.unit),
    value: null,
    currency: null,
    payer: v(c.payer),
    payment_method: c.payment[i] === NO_PAYMENT ? null : PAYMENT_METHODS[c.payment[i]!]!,
    consignee: v(c.consignee),
    ship_to_city: scity,
    // The ship-to country was folded with the buyer's for the place lookup; keep it so the row scores alike.
    ship_to_country: scountry,
    route: v(c.route),
  };
}

export interface ColumnarScores {
  likelihood: Float64Array;
  /** Bit j set when FLAG_CODES[j] fired. */
  bits: Uint32Array;
  /** Compact explanation: the codes and their weights, from the bits and the dictionaries. */
  codes(i: number): { code: FlagCode; weight: number }[];
  /** Full explanation with evidence, as the plain path gives it. */
  explain(i: number): Flag[];
  /** Row indices, highest likelihood first (ties by order id); the first `k` only when given. */
  ranking(k?: number): Uint32Array;
}

const BIT = Object.fromEntries(FLAG_CODES.map((c, j) => [c, 1 << j])) as Record<FlagCode, number>;
const BASIS = { kg: 0, l: 1, pcs: 2 } as const;
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * An open-addressing hash table from a pair of non-negative int32 to a dense id (the
 * order of first insertion), on typed arrays: the per-row group lookups of a million orders
 * stay out of the garbage collector's way, which Map with float keys does not.
 */
export class PairTable {
  private a: Int32Array;
  private b: Int32Array;
  private id: Int32Array;
  private mask: number;
  size = 0;
  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.a = new Int32Array(cap).fill(-1);
    this.b = new Int32Array(cap);
    this.id = new Int32Array(cap);
    this.mask = cap - 1;
  }
  private slot(x: number, y: number): number {
    let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h ^= h >>> 15;
    let i = h & this.mask;
    while (this.a[i] !== -1 && (this.a[i] !== x || this.b[i] !== y)) i = (i + 1) & this.mask;
    return i;
  }
  /** The id of (x, y), or -1. */
  get(x: number, y: number): number {
    const i = this.slot(x, y);
    return this.a[i] === -1 ? -1 : this.id[i]!;
  }
  /** The id of (x, y), inserting it when new. */
  intern(x: number, y: number): number {
    const i = this.slot(x, y);
    if (this.a[i] !== -1) return this.id[i]!;
    this.a[i] = x;
    this.b[i] = y;
    this.id[i] = this.size++;
    if (this.size * 2 > this.mask) this.grow();
    return this.size - 1;
  }
  private grow(): void {
    const [a, b, id] = [this.a, this.b, this.id];
    this.a = new Int32Array(a.length * 2).fill(-1);
    this.b = new Int32Array(a.length * 2);
    this.id = new Int32Array(a.length * 2);
    this.mask = this.a.length - 1;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === -1) continue;
      const j = this.slot(a[i]!, b[i]!);
      this.a[j] = a[i]!;
      this.b[j] = b[i]!;
      this.id[j] = id[i]!;
    }
  }
}

/**
 * Pair → dense id, as PairTable, but a flat array when the key space is small enough
 * (a few million cells): one multiply and one load per row instead of a hash probe.
 */
export class PairIds {
  private readonly flat: Int32Array | null;
  private readonly hash: PairTable | null;
  size = 0;
  constructor(
    private readonly xs: number,
    private readonly ys: number,
  ) {
    const cells = xs * ys;
    this.flat = cells <= 8_000_000 ? new Int32Array(Math.max(1, cells)).fill(-1) : null;
    this.hash = this.flat ? null : new PairTable(4096);
  }
  intern(x: number, y: number): number {
    if (this.flat) {
      const k = x * this.ys + y;
      let id = this.flat[k]!;
      if (id < 0) id = this.flat[k] = this.size++;
      return id;
    }
    const id = this.hash!.intern(x, y);
    this.size = this.hash!.size;
    return id;
  }
}

/**
 * The k-th smallest of a[lo..hi] (inclusive), moving it to a[k] with smaller values left of
 * it: Hoare's FIND (quickselect; Hoare 1961, CACM algorithm 65) with a median-of-three pivot,
 * linear on average where sorting each group would be n log n.
 */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const v = a[i]!;
        let j = i - 1;
        while (j >= lo && a[j]! > v) {
          a[j + 1] = a[j]!;
          j--;
        }
        a[j + 1] = v;
      }
      return a[k]!;
    }
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median of each group's values: groups given per row; NaN where a group is empty. */
function groupMedians(
  group: Int32Array,
  values: Float64Array,
  groups: number,
): { median: Float64Array; count: Int32Array } {
  const count = new Int32Array(groups);
  for (let i = 0; i < group.length; i++) if (group[i]! >= 0) count[group[i]!]!++;
  const start = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g]! + count[g]!;
  const fill = start.slice(0, groups);
  const buf = new Float64Array(start[groups]!);
  for (let i = 0; i < group.length; i++) {
    const g = group[i]!;
    if (g >= 0) buf[fill[g]!++] = values[i]!;
  }
  const median = new Float64Array(groups).fill(NaN);
  for (let g = 0; g < groups; g++) {
    const n = count[g]!;
    if (n === 0) continue;
    const lo = start[g]!;
    const m = n >> 1;
    const upper = select(buf, lo, lo + n - 1, lo + m);
    if (n % 2) median[g] = upper;
    else {
      // The lower middle is the largest value left of the selected one.
      let lower = -Infinity;
      for (let i = lo; i < lo + m; i++) if (buf[i]! > lower) lower = buf[i]!;
      median[g] = (lower + upper) / 2;
    }
  }
  return { median, count };
}

/** Scores columnar orders with the same rules as `scoreOrders` (without the network). */
export function scoreColumnar(
  c: ColumnarOrders,
  rules: Rules,
  opts: { lists?: ListEntry[] } = {},
): ColumnarScores {
  const p = rules.params;
  const w = (code: FlagCode) => rules.weights[code] ?? 0;
  const lk = new Lookups(rules);
  const graph = new PartyGraph();
  const n = c.n;

  // Per distinct value: the classifiers' answers.
  const goodsInfo: GoodsClass[] = c.goods.values.map((v) => {
    const [g, h] = split2(v);
    return lk.goods(g, h);
  });
  const classIds = new Map<string, number>();
  const goodsClass = Int32Array.from(goodsInfo, (g) =>
    g.product_class
      ? (classIds.get(g.product_class) ??
        classIds.set(g.product_class, classIds.size).get(g.product_class)!)
      : -1,
  );
  const businessInfo: BusinessClass[] = c.business.values.map((v) => lk.business(v));
  const businessNull = lk.business(null);
  const sectorIds = new Map<string, number>();
  const businessSector = Int32Array.from(businessInfo, (b) =>
    b.sector
      ? (sectorIds.get(b.sector) ?? sectorIds.set(b.sector, sectorIds.size).get(b.sector)!)
      : -1,
  );
  const region = (col: DictColumn) =>
    Float64Array.from(col.values, (v) => {
      const [city, country] = split2(v);
      return lk.region(city, country).strength;
    });
  const buyerRegion = region(c.buyer_place);
  const shipRegion = region(c.ship_place);
  const routeInfo: RouteInfo[] = c.route.values.map((v) => lk.route(v));
  const routeBits = Uint32Array.from(routeInfo, (r) => {
    let b = 0;
    if (r.via_crossing) b |= BIT.ROUTE_THROUGH_CROSSING;
    if (
      r.detour_ratio !== null &&
      r.detour_ratio >= p.detour_ratio &&
      r.travelled_km! - r.direct_km! >= p.detour_min_km
    )
      b |= BIT.ROUTE_DETOUR;
    return b;
  });
  const routeNullBits = 0;
  const unitBasisCode = Int8Array.from(c.unit.values, (u) => {
    const b = normalisedQuantity(1, u);
    return b ? BASIS[b.basis] : -1;
  });
  const unitFactor = Float64Array.from(
    c.unit.values,
    (u) => normalisedQuantity(1, u)?.value ?? NaN,
  );
  // Parties by name alone (the columnar path has no network sectors), shared by the three columns.
  const partyCache = new Map<string | null, PartyClass>();
  const partyOf = (col: DictColumn): PartyClass[] =>
    col.values.map((v) => {
      let pc = partyCache.get(v);
      if (!pc) partyCache.set(v, (pc = lk.party(v, null)));
      return pc;
    });
  const buyerParty = partyOf(c.buyer);
  const payerParty = partyOf(c.payer);
  const consigneeParty = partyOf(c.consignee);
  const matcher = new ListMatcher(opts.lists ?? [], p.sanctions_threshold);
  const listed = (col: DictColumn) =>
    Uint8Array.from(col.values, (v) => (matcher.match(v) ? 1 : 0));
  const [sBuyer, sPayer, sConsignee, sSeller] = [
    listed(c.buyer),
    listed(c.payer),
    listed(c.consignee),
    listed(c.seller),
  ];
  const payerMto = Uint8Array.from(payerParty, (pp) => (pp.mto_term ? 1 : 0));
  const consigneeForwarder = Uint8Array.from(consigneeParty, (pp) => (pp.forwarder_term ? 1 : 0));
  const controlledW = Float64Array.from(goodsInfo, (g) =>
    g.controlled.reduce((s, h) => s + w(h.code) * h.strength, 0),
  );
  const controlledBits = Uint32Array.from(goodsInfo, (g) =>
    g.controlled.reduce((s, h) => s | BIT[h.code], 0),
  );
  const payW = Float64Array.from(PAYMENT_METHODS, (m) => p.payment_strength[m] ?? 0);
  // Folded buyer key per buyer code (history groups use the folded name, as the plain path does).
  const buyerKeyIds = new Map<string, number>();
  const buyerKey = Int32Array.from(
    buyerParty,
    (b) => buyerKeyIds.get(b.key) ?? buyerKeyIds.set(b.key, buyerKeyIds.size).get(b.key)!,
  );
  const payerKeyIds = new Map<string, number>();
  const payerKey = Int32Array.from(
    payerParty,
    (b) => payerKeyIds.get(b.key) ?? payerKeyIds.set(b.key, payerKeyIds.size).get(b.key)!,
  );

  // Per distinct (buyer, payer) and (buyer, consignee) pair: how they are linked (0 same, 1 linked, 2 unlinked).
  const relCode = { same: 0, linked: 1, unlinked: 2 } as const;
  // One id per folded name across buyers, payers and consignees: "same party" is an integer compare.
  const keyIds = new Map<string, number>();
  const keyOf = (parties: PartyClass[]) =>
    Int32Array.from(
      parties,
      (pc) => keyIds.get(pc.key) ?? keyIds.set(pc.key, keyIds.size).get(pc.key)!,
    );
  const buyerKeyShared = keyOf(buyerParty);
  const buyerHasWords = Uint8Array.from(buyerParty, (b) => (b.distinctive.length > 0 ? 1 : 0));
  const linkTable = (col: DictColumn, parties: PartyClass[]) => {
    const table = new PairTable(4096);
    const rel: number[] = [];
    const rowRel = new Uint8Array(n);
    const otherKey = keyOf(parties);
    // What linkOf answers without looking at the buyer: 1 for a bank, 2 with no distinctive word, 3 "ask".
    const alone = Uint8Array.from(parties, (pc) =>
      pc.bank_term ? 1 : pc.distinctive.length === 0 ? 2 : 3,
    );
    for (let i = 0; i < n; i++) {
      const o = col.codes[i]!;
      if (o < 0) continue;
      const b = c.buyer.codes[i]!;
      if (otherKey[o] === buyerKeyShared[b]) {
        rowRel[i] = 0;
        continue;
      }
      const a = alone[o]!;
      if (a === 1) {
        rowRel[i] = 1;
        continue;
      }
      if (a === 2 || (a === 3 && !buyerHasWords[b])) {
        rowRel[i] = 2;
        continue;
      }
      const before = table.size;
      const id = table.intern(b, o);
      if (table.size > before) {
        const l = linkOf(
          graph,
          p.link_depth,
          { name: c.buyer.values[b]!, id: null, cls: buyerParty[b]! },
          { name: col.values[o]!, id: null, cls: parties[o]! },
        );
        rel.push(relCode[l.relation]);
      }
      rowRel[i] = rel[id]!;
    }
    return rowRel;
  };
  const payerRel = linkTable(c.payer, payerParty);
  const consigneeRel = linkTable(c.consignee, consigneeParty);

  // Quantities and group statistics (per buyer and per peer group), as the plain path computes them.
  const q = new Float64Array(n);
  const basis = new Int8Array(n);
  const histGroup = new Int32Array(n);
  const peerGroup = new Int32Array(n);
  const histIds = new PairIds(buyerKeyIds.size, Math.max(1, classIds.size) * 3);
  const nClassesAll = classIds.size;
  const peerDense = new Int32Array(Math.max(1, sectorIds.size * nClassesAll * 3)).fill(-1);
  let peerCount = 0;
  for (let i = 0; i < n; i++) {
    const u = c.unit.codes[i]!;
    const qi = c.quantity[i]!;
    const b = u < 0 ? -1 : unitBasisCode[u]!;
    const cls = goodsClass[c.goods.codes[i]!]!;
    basis[i] = b;
    q[i] = qi > 0 && b >= 0 ? qi * unitFactor[u]! : NaN;
    if (Number.isNaN(q[i]!) || cls < 0) {
      histGroup[i] = -1;
      peerGroup[i] = -1;
      continue;
    }
    histGroup[i] = histIds.intern(buyerKey[c.buyer.codes[i]!]!, cls * 3 + b);
    const bz = c.business.codes[i]!;
    const sector = bz < 0 ? -1 : businessSector[bz]!;
    if (sector < 0) peerGroup[i] = -1;
    else {
      const d = (sector * nClassesAll + cls) * 3 + b;
      let g = peerDense[d]!;
      if (g < 0) g = peerDense[d] = peerCount++;
      peerGroup[i] = g;
    }
  }
  const hist = groupMedians(histGroup, q, histIds.size);
  const peer = groupMedians(peerGroup, q, peerCount);
  // Distinct buyers per peer group, and per payer paying unlinked (counted through pair tables).
  const peerBuyers = new Int32Array(peerCount);
  const seenPeerBuyer = new PairIds(peerCount, buyerKeyIds.size);
  for (let i = 0; i < n; i++) {
    const g = peerGroup[i]!;
    if (g < 0) continue;
    const before = seenPeerBuyer.size;
    seenPeerBuyer.intern(g, buyerKey[c.buyer.codes[i]!]!);
    if (seenPeerBuyer.size > before) peerBuyers[g]!++;
  }
  const payerBuyerCount = new Int32Array(payerKeyIds.size);
  const seenPayerBuyer = new PairTable(4096);
  for (let i = 0; i < n; i++) {
    const pc = c.payer.codes[i]!;
    if (pc < 0 || payerRel[i] !== 2) continue;
    const k = payerKey[pc]!;
    const before = seenPayerBuyer.size;
    seenPayerBuyer.intern(k, buyerKey[c.buyer.codes[i]!]!);
    if (seenPayerBuyer.size > before) payerBuyerCount[k]!++;
  }

  const intercept = logit(rules.prior);
  const likelihood = new Float64Array(n);
  const bits = new Uint32Array(n);
  const [
    wNew,
    wUnknown,
    wRegion,
    wBoth,
    wShip,
    wIncong,
    wQty,
    wThird,
    wConceal,
    wMto,
    wMany,
    wCross,
    wDetour,
    wFwd,
    wUnrel,
    wSanc,
  ] = [
    w('NEW_CUSTOMER'),
    w('CUSTOMER_HISTORY_UNKNOWN'),
    w('SENSITIVE_REGION'),
    w('NEW_CUSTOMER_IN_SENSITIVE_REGION'),
    w('SHIP_TO_SENSITIVE_REGION'),
    w('GOODS_INCONGRUENT'),
    w('QUANTITY_DISPROPORTIONATE'),
    w('THIRD_PARTY_PAYER'),
    w('CONCEALED_PAYMENT'),
    w('PAYER_IS_MONEY_TRANSFER_OPERATOR'),
    w('PAYER_FOR_SEVERAL_BUYERS'),
    w('ROUTE_THROUGH_CROSSING'),
    w('ROUTE_DETOUR'),
    w('CONSIGNEE_FORWARDER'),
    w('CONSIGNEE_UNRELATED'),
    w('SANCTIONED_PARTY'),
  ];
  // Incongruence per (business, goods) pair, cached: few distinct pairs in practice.
  const incongruentIds = new PairIds(c.business.values.length + 1, c.goods.values.length);
  const incongruent: number[] = [];
  // Hot-loop locals: columns, parameters and bit masks as plain bindings, not property loads.
  const [buyerCodes, payerCodes, consigneeCodes, sellerCodes] = [
    c.buyer.codes,
    c.payer.codes,
    c.consignee.codes,
    c.seller.codes,
  ];
  const [firstDays, orderDays, buyerPlaceCodes, shipPlaceCodes] = [
    c.first_seen_day,
    c.order_day,
    c.buyer_place.codes,
    c.ship_place.codes,
  ];
  const [goodsCodes, businessCodes, paymentCol, routeCodes] = [
    c.goods.codes,
    c.business.codes,
    c.payment,
    c.route.codes,
  ];
  const [histCount, histMedian, peerCount_, peerMedian] = [
    hist.count,
    hist.median,
    peer.count,
    peer.median,
  ];
  const {
    new_customer_days: newDays,
    recent_customer_days: recentDays,
    history_min_orders: histMin,
    quantity_ratio: qRatio,
  } = p;
  const {
    peer_min_orders: peerMin,
    peer_min_buyers: peerMinBuyers,
    bulk_kg: bulkKg,
    bulk_l: bulkL,
    payer_min_buyers: payerMin,
  } = p;
  const smallOf = Uint8Array.from(businessInfo, (bi) => (bi.small ? 1 : 0));
  const smallNull = businessNull.small ? 1 : 0;
  const B = {
    sanc: BIT.SANCTIONED_PARTY,
    unknown: BIT.CUSTOMER_HISTORY_UNKNOWN,
    nw: BIT.NEW_CUSTOMER,
    region: BIT.SENSITIVE_REGION,
    both: BIT.NEW_CUSTOMER_IN_SENSITIVE_REGION,
    ship: BIT.SHIP_TO_SENSITIVE_REGION,
    inc: BIT.GOODS_INCONGRUENT,
    qty: BIT.QUANTITY_DISPROPORTIONATE,
    third: BIT.THIRD_PARTY_PAYER,
    many: BIT.PAYER_FOR_SEVERAL_BUYERS,
    mto: BIT.PAYER_IS_MONEY_TRANSFER_OPERATOR,
    conceal: BIT.CONCEALED_PAYMENT,
    cross: BIT.ROUTE_THROUGH_CROSSING,
    detour: BIT.ROUTE_DETOUR,
    fwd: BIT.CONSIGNEE_FORWARDER,
    unrel: BIT.CONSIGNEE_UNRELATED,
  };
  const [bSanc, bUnknown, bNew, bRegion, bBoth, bShip, bInc, bQty] = [
    B.sanc,
    B.unknown,
    B.nw,
    B.region,
    B.both,
    B.ship,
    B.inc,
    B.qty,
  ];
  const [bThird, bMany, bMto, bConceal, bCross, bDetour, bFwd, bUnrel] = [
    B.third,
    B.many,
    B.mto,
    B.conceal,
    B.cross,
    B.detour,
    B.fwd,
    B.unrel,
  ];
  for (let i = 0; i < n; i++) {
    let x = intercept;
    let b = 0;
    const bc = buyerCodes[i]!;
    const pc = payerCodes[i]!;
    const cc = consigneeCodes[i]!;
    if (
      sBuyer[bc] ||
      (pc >= 0 && sPayer[pc]) ||
      (cc >= 0 && sConsignee[cc]) ||
      sSeller[sellerCodes[i]!]
    ) {
      x += wSanc;
      b |= bSanc;
    }
    const fd = firstDays[i]!;
    const od = orderDays[i]!;
    let ns = 0;
    if (fd === NO_DAY) {
      x += wUnknown;
      b |= bUnknown;
    } else if (od !== NO_DAY) {
      const days = od - fd;
      ns = days <= newDays ? 1 : days <= recentDays ? 0.5 : 0;
      if (ns > 0) {
        x += wNew * ns;
        b |= bNew;
      }
    }
    const rs = buyerRegion[buyerPlaceCodes[i]!]!;
    if (rs > 0) {
      x += wRegion * rs;
      b |= bRegion;
    }
    if (ns * rs > 0) {
      x += wBoth * ns * rs;
      b |= bBoth;
    }
    const ss = shipRegion[shipPlaceCodes[i]!]!;
    if (ss > 0) {
      x += wShip * ss;
      b |= bShip;
    }
    const gc = goodsCodes[i]!;
    const bz = businessCodes[i]!;
    const before = incongruentIds.size;
    const pairId = incongruentIds.intern(bz + 1, gc);
    if (incongruentIds.size > before) {
      const g = goodsInfo[gc]!;
      const bi = bz < 0 ? businessNull : businessInfo[bz]!;
      incongruent.push(
        g.product_class && bi.sector && !bi.buys_all && !bi.buys.has(g.product_class) ? 1 : 0,
      );
    }
    const inc = incongruent[pairId]!;
    if (inc) {
      x += wIncong;
      b |= bInc;
    }
    const qi = q[i]!;
    if (!Number.isNaN(qi) && goodsClass[gc]! >= 0) {
      const hg = histGroup[i]!;
      const pg = peerGroup[i]!;
      const small = bz < 0 ? smallNull : smallOf[bz]!;
      const bs = basis[i]!;
      if (
        (histCount[hg]! >= histMin && qi >= qRatio * histMedian[hg]!) ||
        (pg >= 0 &&
          peerCount_[pg]! >= peerMin &&
          peerBuyers[pg]! >= peerMinBuyers &&
          qi >= qRatio * peerMedian[pg]!) ||
        (small && ((bs === 0 && qi >= bulkKg) || (bs === 1 && qi >= bulkL)))
      ) {
        x += wQty;
        b |= bQty;
      }
    }
    if (pc >= 0) {
      if (payerRel[i] === 2) {
        x += wThird;
        b |= bThird;
        if (payerBuyerCount[payerKey[pc]!]! >= payerMin) {
          x += wMany;
          b |= bMany;
        }
      }
      if (payerMto[pc]) {
        x += wMto;
        b |= bMto;
      }
    }
    const pm = paymentCol[i]!;
    if (pm !== NO_PAYMENT && payW[pm]! > 0) {
      x += wConceal * payW[pm]!;
      b |= bConceal;
    }
    const rc = routeCodes[i]!;
    const rb = rc < 0 ? routeNullBits : routeBits[rc]!;
    if (rb & bCross) x += wCross;
    if (rb & bDetour) x += wDetour;
    b |= rb;
    if (cc >= 0) {
      const rel = consigneeRel[i]!;
      if (rel !== 0 && consigneeForwarder[cc]) {
        x += wFwd;
        b |= bFwd;
      } else if (rel === 2) {
        x += wUnrel;
        b |= bUnrel;
      }
    }
    x += controlledW[gc]!;
    b |= controlledBits[gc]!;
    likelihood[i] = sigmoid(x);
    bits[i] = b;
  }

  let explainCtx: BatchContext | undefined;
  const scores: ColumnarScores = {
    likelihood,
    bits,
    codes(i) {
      // The weights follow from the bits and the row's dictionary entries.
      const out: { code: FlagCode; weight: number }[] = [];
      const od = c.order_day[i]!;
      const fd = c.first_seen_day[i]!;
      const days = od - fd;
      const ns =
        fd === NO_DAY || od === NO_DAY
          ? 0
          : days <= p.new_customer_days
            ? 1
            : days <= p.recent_customer_days
              ? 0.5
              : 0;
      const rs = buyerRegion[c.buyer_place.codes[i]!]!;
      const strength: Partial<Record<FlagCode, number>> = {
        NEW_CUSTOMER: ns,
        SENSITIVE_REGION: rs,
        NEW_CUSTOMER_IN_SENSITIVE_REGION: ns * rs,
        SHIP_TO_SENSITIVE_REGION: shipRegion[c.ship_place.codes[i]!]!,
        CONCEALED_PAYMENT: c.payment[i] === NO_PAYMENT ? 0 : payW[c.payment[i]!]!,
      };
      for (const h of goodsInfo[c.goods.codes[i]!]!.controlled) strength[h.code] = h.strength;
      for (let j = 0; j < FLAG_CODES.length; j++) {
        if (!(bits[i]! & (1 << j))) continue;
        const code = FLAG_CODES[j]!;
        out.push({ code, weight: round4(w(code) * (strength[code] ?? 1)) });
      }
      return out;
    },
    explain(i) {
      explainCtx ??= new BatchContext(rules, { orders: [], lists: opts.lists });
      const o = rowOf(c, i);
      // Hand the plain rules this row's batch statistics.
      const hg = histGroup[i]!;
      const pg = peerGroup[i]!;
      const goodsCls = goodsInfo[c.goods.codes[i]!]!.product_class;
      const bs = basis[i]!;
      const basisName = (['kg', 'l', 'pcs'] as const)[bs];
      if (hg >= 0 && goodsCls && basisName) {
        explainCtx.history.set(`${foldText(o.buyer)}|${goodsCls}|${basisName}`, {
          median: hist.median[hg]!,
          n: hist.count[hg]!,
          buyers: 1,
        });
        const sector = lk.business(o.buyer_business).sector;
        if (pg >= 0 && sector)
          explainCtx.peers.set(`${sector}|${goodsCls}|${basisName}`, {
            median: peer.median[pg]!,
            n: peer.count[pg]!,
            buyers: peerBuyers[pg]!,
          });
      }
      if (o.payer) {
        const k = foldText(o.payer);
        const pk = payerKeyIds.get(k);
        const count = pk === undefined ? 0 : payerBuyerCount[pk]!;
        if (count > 0) explainCtx.payerBuyers.set(k, count);
      }
      const hits = indicatorsOf(o, explainCtx);
      return hits
        .map((h) => ({
          code: h.code,
          weight: round4(w(h.code) * h.strength),
          evidence: h.evidence,
        }))
        .sort((a, b) => FLAG_CODES.indexOf(a.code) - FLAG_CODES.indexOf(b.code));
    },
    ranking(k) {
      const want = Math.min(n, k ?? n);
      let idx: Uint32Array;
      if (want < n) {
        // Top k: the k-th largest likelihood by a numeric sort of a copy, then only the rows at or above it.
        const copy = Float64Array.from(likelihood);
        const threshold = select(copy, 0, n - 1, n - want);
        let m = 0;
        for (let i = 0; i < n; i++) if (likelihood[i]! >= threshold) m++;
        idx = new Uint32Array(m);
        m = 0;
        for (let i = 0; i < n; i++) if (likelihood[i]! >= threshold) idx[m++] = i;
      } else {
        idx = new Uint32Array(n);
        for (let i = 0; i < n; i++) idx[i] = i;
      }
      idx.sort(
        (a, b) =>
          likelihood[b]! - likelihood[a]! ||
          (c.order_id[a]! < c.order_id[b]! ? -1 : c.order_id[a]! > c.order_id[b]! ? 1 : 0),
      );
      return idx.subarray(0, want);
    },
  };
  return scores;
}

export type { RegionInfo };
