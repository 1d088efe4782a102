import { aliasKey, parseSerial, type Normaliser, type SerialParts } from '../arms/normalise.ts';
import { dayNumber } from '../core/date.ts';
import type { OrderItemIdentity } from '../network/orders.ts';
import type { EvidenceCode, TraceEvidence } from './schema.ts';

/**
 * The first half of a trace: which orders shipped the part a recovered item is, and what
 * their identity columns say for or against it (maker, part number or model, lot, serial
 * run, date). Orders are indexed once by their normalised part number and model, so each
 * item reads only the orders of its own part, however many orders there are.
 */

/** What tracing needs of an order to judge identity (a narrow read of the store). */
export interface OrderIdentity extends OrderItemIdentity {
  order_id: string;
  order_date: string | null;
  seller_entity_id?: string | null;
  buyer_entity_id?: string | null;
}

/** What tracing needs of a recovered item (a row of the seizures CSV). */
export interface ItemIdentity {
  item_id: string;
  seizure_id: string;
  seizure_date: string | null;
  manufacturer: string | null;
  model: string | null;
  serial_number: string | null;
  lot: string | null;
}

const ASCII = /^[\x20-\x7e]*$/;
const NOT_ALNUM = /[^a-z0-9]/g;

/**
 * `aliasKey` (folded, separators dropped) of part numbers and lots, with plain ASCII (nearly
 * every one) taken the short way: lower case without separators, which is what folding
 * gives it.
 */
export function identityKey(text: string): string {
  return ASCII.test(text) ? text.toLowerCase().replace(NOT_ALNUM, '') : aliasKey(text);
}

/** Each kind of evidence and what it weighs (README: "Trace"). */
export const WEIGHTS: Record<EvidenceCode, number> = {
  MANUFACTURER_MATCH: 2,
  MANUFACTURER_DIFFERS: -6,
  MANUFACTURER_UNKNOWN: 0,
  PART_NUMBER_MATCH: 3,
  MODEL_MATCH: 2,
  LOT_MATCH: 3,
  LOT_DIFFERS: -3,
  SERIAL_IN_RANGE: 4,
  SERIAL_OUT_OF_RANGE: -6,
  SERIAL_UNCHECKED: 0,
  ORDER_BEFORE_SEIZURE: 1,
  ORDER_AFTER_SEIZURE: -8,
  ORDER_UNDATED: 0,
  ROUTE_NEAR_SEIZURE: 1.5,
  ROUTE_FAR_FROM_SEIZURE: -0.5,
  PARTY_LINKED_TO_GROUP: 2,
  PARTY_NOT_LINKED_TO_GROUP: 0,
};

/** Evidence that rules an order out as the item's source, whatever else agrees. */
export const EXCLUDING: ReadonlySet<EvidenceCode> = new Set([
  'MANUFACTURER_DIFFERS',
  'SERIAL_OUT_OF_RANGE',
  'ORDER_AFTER_SEIZURE',
]);

export function evidence(code: EvidenceCode, detail: string): TraceEvidence {
  const weight = WEIGHTS[code];
  return {
    code,
    detail,
    for_or_against: weight > 0 ? 'for' : weight < 0 ? 'against' : 'neutral',
    weight,
  };
}

/**
 * Two makers' keys name the same maker: equal, or one the start of the other ("Nordvind
 * Drone Components" and "Nordvind Drone Components ApS"; legal forms come last).
 */
export function sameMaker(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

export type SerialVerdict =
  | { verdict: 'in'; detail: string }
  | { verdict: 'out'; detail: string }
  | { verdict: 'unknown'; detail: string };

/**
 * Whether a serial lies in a shipped run [first, last]. Serials are compared compact
 * (upper case, separators dropped, as `parseSerial` cuts them): a prefix, a numeric tail
 * and a suffix. When both ends share prefix and suffix, the item must share them and its
 * number lie between the ends ("NV23-104217" in "NV23-104200" … "NV23-104239"; "AB-0012"
 * is not in "AC-0001" … "AC-0100"). Ends that differ in prefix ("AZ9990" … "BA0010") are
 * compared as strings of equal length. A run given by one end is that one serial.
 */
/** `serialInRun` without its text: in, out or unknown. */
export function serialVerdict(
  serial: SerialParts | null,
  first: SerialParts | null,
  last: SerialParts | null,
): SerialVerdict['verdict'] {
  if (!serial || (!first && !last)) return 'unknown';
  const a = first ?? last!;
  const b = last ?? first!;
  if (a.prefix === b.prefix && a.suffix === b.suffix && a.digits && b.digits) {
    if (serial.prefix !== a.prefix || serial.suffix !== a.suffix || !serial.digits) return 'out';
    const lo = a.number <= b.number ? a.number : b.number;
    const hi = a.number <= b.number ? b.number : a.number;
    return serial.number >= lo && serial.number <= hi ? 'in' : 'out';
  }
  const [lo, hi] = a.compact <= b.compact ? [a.compact, b.compact] : [b.compact, a.compact];
  const s = serial.compact;
  if (s.length !== lo.length || s.length !== hi.length) return 'out';
  return s >= lo && s <= hi ? 'in' : 'out';
}

export function serialInRun(
  serial: SerialParts | null,
  first: SerialParts | null,
  last: SerialParts | null,
): SerialVerdict {
  if (!serial) return { verdict: 'unknown', detail: 'the item has no legible serial' };
  if (!first && !last) return { verdict: 'unknown', detail: 'the order gives no serial run' };
  const a = first ?? last!;
  const b = last ?? first!;
  const run = a.compact === b.compact ? a.compact : `${a.compact} … ${b.compact}`;
  if (a.prefix === b.prefix && a.suffix === b.suffix && a.digits && b.digits) {
    if (serial.prefix !== a.prefix || serial.suffix !== a.suffix || !serial.digits)
      return {
        verdict: 'out',
        detail: `serial ${serial.compact} does not have the run's form (${run})`,
      };
    const [lo, hi] = a.number <= b.number ? [a.number, b.number] : [b.number, a.number];
    return serial.number >= lo && serial.number <= hi
      ? { verdict: 'in', detail: `serial ${serial.compact} is inside the shipped run ${run}` }
      : { verdict: 'out', detail: `serial ${serial.compact} is outside the shipped run ${run}` };
  }
  const [lo, hi] = a.compact <= b.compact ? [a.compact, b.compact] : [b.compact, a.compact];
  const s = serial.compact;
  if (s.length !== lo.length || s.length !== hi.length)
    return { verdict: 'out', detail: `serial ${s} does not have the run's form (${run})` };
  return s >= lo && s <= hi
    ? { verdict: 'in', detail: `serial ${s} is inside the shipped run ${run}` }
    : { verdict: 'out', detail: `serial ${s} is outside the shipped run ${run}` };
}

/** Orders indexed by the normalised keys of their part number and model. */
export interface OrderIndex {
  orders: OrderIdentity[];
  /** key → positions in `orders`. */
  byKey: Map<string, number[]>;
  partKey: (string | null)[];
  modelKey: (string | null)[];
  makerKey: (string | null)[];
  /** Filled on first use (undefined until then). */
  lotKey: (string | null | undefined)[];
  day: (number | null)[];
  /** Parsed serial ends, filled on first use. */
  runs: ([SerialParts | null, SerialParts | null] | undefined)[];
  normaliser: Normaliser;
}

/**
 * Indexes orders by part number and model: the part number as written, folded
 * (`aliasKey`: "NV-2312-920KV" and "nv2312 920kv" are one), and the model through the arms
 * aliases (`Type-68`, `T68`). An order without either cannot be traced to and is left out.
 */
export function buildOrderIndex(orders: OrderIdentity[], normaliser: Normaliser): OrderIndex {
  const byKey = new Map<string, number[]>();
  const ix: OrderIndex = {
    orders: [],
    byKey,
    partKey: [],
    modelKey: [],
    makerKey: [],
    lotKey: [],
    day: [],
    runs: [],
    normaliser,
  };
  const partKeys = new Map<string, string | null>();
  const days = new Map<string, number | null>();
  for (const o of orders) {
    let part: string | null = null;
    if (o.part_number) {
      const known = partKeys.get(o.part_number);
      if (known !== undefined) part = known;
      else {
        part = identityKey(o.part_number) || null;
        partKeys.set(o.part_number, part);
      }
    }
    const model = normaliser.key('model', o.model);
    if (!part && !model) continue;
    const i = ix.orders.push(o) - 1;
    ix.partKey.push(part);
    ix.modelKey.push(model);
    ix.makerKey.push(normaliser.key('manufacturer', o.manufacturer));
    // Lots are nearly all distinct: keyed when an item is judged against the order.
    ix.lotKey.push(undefined);
    let day = o.order_date ? days.get(o.order_date) : null;
    if (day === undefined) {
      day = dayNumber(o.order_date);
      days.set(o.order_date!, day);
    }
    ix.day.push(day);
    ix.runs.push(undefined);
    for (const k of part === model || !model ? [part] : part ? [part, model] : [model]) {
      const list = byKey.get(k!);
      if (list) list.push(i);
      else byKey.set(k!, [i]);
    }
  }
  return ix;
}

/** The keys an item is looked up under: its model as a part number and as a model. */
export function itemKeys(item: ItemIdentity, normaliser: Normaliser): string[] {
  if (!item.model) return [];
  const keys = new Set<string>();
  const raw = identityKey(item.model);
  if (raw) keys.add(raw);
  const model = normaliser.key('model', item.model);
  if (model) keys.add(model);
  return [...keys];
}

export interface IdentityCandidate {
  /** Position in the index. */
  at: number;
  order: OrderIdentity;
  points: number;
  excluded: boolean;
  evidence: TraceEvidence[];
  /** Days from the order to the seizure (null when either is undated). */
  lead_days: number | null;
}

function runOf(ix: OrderIndex, i: number): [SerialParts | null, SerialParts | null] {
  let r = ix.runs[i];
  if (!r) {
    const o = ix.orders[i]!;
    r = [parseSerial(o.serial_first), parseSerial(o.serial_last)];
    ix.runs[i] = r;
  }
  return r;
}

/** What identity and date say of one order, as codes (the details are written apart). */
interface Decision {
  codes: EvidenceCode[];
  serial: SerialVerdict['verdict'];
  points: number;
  excluded: boolean;
  lead: number | null;
}

function lotKeyOf(ix: OrderIndex, i: number): string | null {
  let lot = ix.lotKey[i];
  if (lot === undefined) {
    const raw = ix.orders[i]!.lot;
    lot = raw ? identityKey(raw) || null : null;
    ix.lotKey[i] = lot;
  }
  return lot;
}

/** The first pass over every order of the part: codes and points, no text. */
function decide(ix: OrderIndex, i: number, prepared: PreparedItem): Decision {
  const codes: EvidenceCode[] = [];
  const part = ix.partKey[i];
  const model = ix.modelKey[i];
  if (part && prepared.keys.includes(part)) codes.push('PART_NUMBER_MATCH');
  if (model && prepared.keys.includes(model) && model !== part) codes.push('MODEL_MATCH');
  const maker = ix.makerKey[i];
  codes.push(
    maker && prepared.maker
      ? sameMaker(maker, prepared.maker)
        ? 'MANUFACTURER_MATCH'
        : 'MANUFACTURER_DIFFERS'
      : 'MANUFACTURER_UNKNOWN',
  );
  const lot = lotKeyOf(ix, i);
  if (lot && prepared.lot) codes.push(lot === prepared.lot ? 'LOT_MATCH' : 'LOT_DIFFERS');
  const [first, last] = runOf(ix, i);
  const serial = serialVerdict(prepared.serial, first, last);
  codes.push(
    serial === 'in'
      ? 'SERIAL_IN_RANGE'
      : serial === 'unknown'
        ? 'SERIAL_UNCHECKED'
        : 'SERIAL_OUT_OF_RANGE',
  );
  const day = ix.day[i] ?? null;
  let lead: number | null = null;
  if (day === null || prepared.day === null) codes.push('ORDER_UNDATED');
  else {
    lead = prepared.day - day;
    codes.push(lead >= 0 ? 'ORDER_BEFORE_SEIZURE' : 'ORDER_AFTER_SEIZURE');
  }
  let points = 0;
  let excluded = false;
  for (const c of codes) {
    points += WEIGHTS[c];
    if (EXCLUDING.has(c)) excluded = true;
  }
  return { codes, serial, points, excluded, lead };
}

/** The evidence of a decision, each code with its detail. */
function describe(
  ix: OrderIndex,
  i: number,
  item: ItemIdentity,
  prepared: PreparedItem,
  d: Decision,
): TraceEvidence[] {
  const o = ix.orders[i]!;
  return d.codes.map((code) => {
    switch (code) {
      case 'PART_NUMBER_MATCH':
        return evidence(code, `part number ${o.part_number} = item ${item.model}`);
      case 'MODEL_MATCH':
        return evidence(code, `model ${o.model} = item ${item.model}`);
      case 'MANUFACTURER_MATCH':
        return evidence(code, `made by ${o.manufacturer} (item: ${item.manufacturer})`);
      case 'MANUFACTURER_DIFFERS':
        return evidence(
          code,
          `another maker's part with the same number: the order's is ${o.manufacturer}, the item's ${item.manufacturer}`,
        );
      case 'MANUFACTURER_UNKNOWN':
        return evidence(
          code,
          ix.makerKey[i] ? 'the item names no maker' : 'the order names no maker',
        );
      case 'LOT_MATCH':
        return evidence(code, `lot ${o.lot} = item lot ${item.lot}`);
      case 'LOT_DIFFERS':
        return evidence(code, `the order shipped lot ${o.lot}, the item is of lot ${item.lot}`);
      case 'SERIAL_IN_RANGE':
      case 'SERIAL_OUT_OF_RANGE':
      case 'SERIAL_UNCHECKED': {
        const [first, last] = runOf(ix, i);
        return evidence(code, serialInRun(prepared.serial, first, last).detail);
      }
      case 'ORDER_UNDATED':
        return evidence(
          code,
          ix.day[i] == null ? 'the order is undated' : 'the seizure is undated',
        );
      case 'ORDER_BEFORE_SEIZURE':
        return evidence(
          code,
          `ordered ${o.order_date}, ${d.lead} day(s) before the seizure of ${item.seizure_date}`,
        );
      case 'ORDER_AFTER_SEIZURE':
        return evidence(
          code,
          `ordered ${o.order_date}, ${-d.lead!} day(s) after the seizure of ${item.seizure_date}: it cannot have supplied the item`,
        );
      default:
        return evidence(code, code);
    }
  });
}

/** Judges one indexed order as the source of an item on identity and date alone. */
export function judgeIdentity(
  ix: OrderIndex,
  i: number,
  item: ItemIdentity,
  prepared: PreparedItem,
): IdentityCandidate {
  const d = decide(ix, i, prepared);
  return {
    at: i,
    order: ix.orders[i]!,
    points: d.points,
    excluded: d.excluded,
    evidence: describe(ix, i, item, prepared, d),
    lead_days: d.lead,
  };
}

export interface PreparedItem {
  keys: string[];
  maker: string | null;
  lot: string | null;
  serial: SerialParts | null;
  day: number | null;
}

export function prepareItem(item: ItemIdentity, normaliser: Normaliser): PreparedItem {
  return {
    keys: itemKeys(item, normaliser),
    maker: normaliser.key('manufacturer', item.manufacturer),
    lot: item.lot ? identityKey(item.lot) || null : null,
    serial: parseSerial(item.serial_number),
    day: dayNumber(item.seizure_date),
  };
}

/**
 * Best first: orders not ruled out before those ruled out, then more points, then the
 * order nearest before the seizure, then the order id.
 */
export function compareCandidates(
  a: { excluded: boolean; points: number; lead_days: number | null; order: { order_id: string } },
  b: { excluded: boolean; points: number; lead_days: number | null; order: { order_id: string } },
): number {
  if (a.excluded !== b.excluded) return a.excluded ? 1 : -1;
  if (a.points !== b.points) return b.points - a.points;
  const la = a.lead_days !== null && a.lead_days >= 0 ? a.lead_days : Infinity;
  const lb = b.lead_days !== null && b.lead_days >= 0 ? b.lead_days : Infinity;
  if (la !== lb) return la - lb;
  return a.order.order_id < b.order.order_id ? -1 : a.order.order_id > b.order.order_id ? 1 : 0;
}

/**
 * The orders that shipped an item's part (by part number or model), judged on identity
 * and date, best first: the first `keep`, and after them those that further evidence
 * worth at most `reach.gain` (and at least −`reach.loss`) could still bring among them;
 * `considered` counts them all.
 */
export function identityCandidates(
  ix: OrderIndex,
  item: ItemIdentity,
  keep: number,
  reach: { gain: number; loss: number } = { gain: Infinity, loss: Infinity },
): { candidates: IdentityCandidate[]; considered: number } {
  const prepared = prepareItem(item, ix.normaliser);
  const seen = new Set<number>();
  const all: {
    at: number;
    d: Decision;
    order: OrderIdentity;
    points: number;
    excluded: boolean;
    lead_days: number | null;
  }[] = [];
  for (const k of prepared.keys) {
    for (const i of ix.byKey.get(k) ?? []) {
      if (seen.has(i)) continue;
      seen.add(i);
      const d = decide(ix, i, prepared);
      all.push({
        at: i,
        d,
        order: ix.orders[i]!,
        points: d.points,
        excluded: d.excluded,
        lead_days: d.lead,
      });
    }
  }
  all.sort(compareCandidates);
  // Only the orders kept are described: the text of the evidence is most of the work.
  const candidates = contenders(all, keep, reach).map((c) => ({
    at: c.at,
    order: c.order,
    points: c.points,
    excluded: c.excluded,
    lead_days: c.lead_days,
    evidence: describe(ix, c.at, item, prepared, c.d),
  }));
  return { candidates, considered: all.length };
}

/** The logistic of a candidate's points: a 0–1 score for display. */
export function scoreOf(points: number): number {
  return Math.round((1 / (1 + Math.exp(-(points - 4) / 2))) * 10000) / 10000;
}

/**
 * The ranked candidates that can still be among the first `keep` once evidence worth at
 * most `gain` (and at least −`loss`) is added: the first `keep`, then those of the same
 * standing (ruled out or not) within reach of the last of them.
 */
export function contenders<T extends { excluded: boolean; points: number }>(
  ranked: T[],
  keep: number,
  reach: { gain: number; loss: number },
): T[] {
  if (ranked.length <= keep) return ranked;
  const last = ranked[keep - 1]!;
  const out = ranked.slice(0, keep);
  for (let k = keep; k < ranked.length; k++) {
    const c = ranked[k]!;
    if (c.excluded !== last.excluded) break;
    if (c.points + reach.gain < last.points - reach.loss) break;
    out.push(c);
  }
  return out;
}
