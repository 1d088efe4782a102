import { writeCsv, type CsvCell } from '../core/csv.ts';
import { addDays } from '../core/date.ts';
import { rng } from '../core/random.ts';

/**
 * A generated world for tracing (tests and `npm run bench -- trace`), seeded and
 * deterministic: makers and their part numbers, orders that ship a lot and a serial run of
 * one part, and seized components whose true source is one of the orders, with planted
 * decoys around each traceable item:
 * - `lot`: the same maker, part and lot, shipped to someone else, with a serial run that
 *   does not hold the item's serial (a split shipment);
 * - `maker`: another maker's part under the same part number (its own serial prefix);
 * - `after`: the same maker, part and lot, the serial run holding the item's serial, but
 *   ordered after the seizure.
 * Other orders of the same part (other lots, other runs) fill the world. Some items are
 * untraceable: their order is not in the world (`missing`), or they carry neither serial
 * nor lot (`thin`). Each item is a seizure of its own. Names are invented; places are real (the gazetteer must know them).
 */

export interface GeneratedTraceOrder {
  order_id: string;
  order_date: string;
  seller: string;
  seller_country: string;
  buyer: string;
  buyer_country: string;
  buyer_city: string;
  goods: string;
  quantity: number;
  unit: string;
  consignee: string;
  ship_to_city: string;
  ship_to_country: string;
  route: string;
  manufacturer: string;
  model: string;
  part_number: string;
  lot: string;
  serial_first: string;
  serial_last: string;
}

export interface GeneratedTraceItem {
  seizure_id: string;
  seizure_date: string;
  seizure_place: string;
  country: string;
  seized_by: string;
  item_id: string;
  category: string;
  type: string;
  model: string;
  manufacturer: string | null;
  serial_number: string | null;
  lot: string | null;
  quantity: number;
}

export type ItemKind = 'traceable' | 'missing' | 'thin';

export interface TraceWorld {
  orders: GeneratedTraceOrder[];
  items: GeneratedTraceItem[];
  /** item → its true order (null when the world lacks it). */
  truth: Map<string, string | null>;
  kind: Map<string, ItemKind>;
  /** Planted decoy order → what kind of decoy. */
  decoys: Map<string, 'lot' | 'maker' | 'after'>;
}

export interface TraceWorldOptions {
  orders: number;
  items: number;
  seed?: number;
  /** Share of items whose order is not in the world (default 0.05). */
  missing?: number;
  /** Share of items with neither serial nor lot (default 0.03). */
  thin?: number;
}

const WORDS = [
  'Nordvind',
  'Kestrel',
  'Alpaste',
  'Vanta',
  'Orion',
  'Helix',
  'Baltic',
  'Sable',
  'Tarsus',
  'Meridian',
  'Quill',
  'Argent',
  'Borealis',
  'Cobalt',
  'Dunmore',
  'Ferro',
];
const TRADES = ['Drone Components', 'Electronics', 'Metal Powders', 'Motors', 'Detonics', 'Radio'];
const FORMS = ['ApS', 'Ltd', 'GmbH', 'A.Ş.', 'S.L.', 'Co.'];
const COUNTRIES = ['DK', 'GB', 'DE', 'TR', 'ES', 'CN'];
const KINDS: [string, string, string][] = [
  ['uav', 'motor', 'brushless motor'],
  ['uav', 'flight_controller', 'flight controller'],
  ['electronics', 'transceiver_module', 'transceiver module'],
  ['explosive', 'detonator', 'electric detonator'],
  ['other', 'precursor_bag', 'aluminium paste, 25 kg bags'],
];
/** Seizure places and the border towns near them (all in the gazetteer). */
const SEIZURE_PLACES = ['Ar Raqqah', 'Manbij', 'Al-Hasakah', 'Deir ez-Zor', 'Mosul', 'Tal Afar'];
const NEAR_TOWNS = ['Akçakale', 'Kilis', 'Ceylanpınar', 'Nusaybin', 'Şanlıurfa', 'Gaziantep'];
const FAR_TOWNS = ['Izmir', 'Bursa', 'Ankara', 'Istanbul', 'Konya', 'Kayseri'];
const BUYERS = 2000;

interface Maker {
  name: string;
  short: string;
  country: string;
}

interface Part {
  maker: number;
  number: string;
  kind: number;
  prefix: string;
  /** Next free serial number of this maker's run of this part. */
  cursor: number;
  lots: number;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function generateTraceWorld(opts: TraceWorldOptions): TraceWorld {
  const r = rng(opts.seed ?? 23);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

  const makers: Maker[] = [];
  for (let i = 0; i < 60; i++) {
    const short = `${WORDS[i % WORDS.length]}${i >= WORDS.length ? ` ${Math.floor(i / WORDS.length) + 1}` : ''} ${TRADES[i % TRADES.length]}`;
    makers.push({ name: `${short} ${FORMS[i % FORMS.length]}`, short, country: COUNTRIES[i % 6]! });
  }
  // One part per traced item at least, so items do not share a part (their truth stays theirs).
  const partCount = Math.max(Math.ceil(opts.items * 1.3), Math.ceil(opts.orders / 50));
  const parts: Part[] = [];
  const numbers = new Set<string>();
  for (let i = 0; i < partCount; i++) {
    let number: string;
    do
      number = `${String.fromCharCode(65 + int(0, 25), 65 + int(0, 25))}-${int(1000, 9999)}-${int(10, 999)}${pick(['', 'KV', 'X', 'B'])}`;
    while (numbers.has(number));
    numbers.add(number);
    parts.push({
      maker: int(0, makers.length - 1),
      number,
      kind: int(0, KINDS.length - 1),
      prefix: `${String.fromCharCode(65 + int(0, 25), 65 + int(0, 25))}${int(10, 99)}-`,
      cursor: int(1000, 90_000),
      lots: 0,
    });
  }

  const orders: GeneratedTraceOrder[] = [];
  const start = '2014-01-01';
  let seq = 0;
  const addOrder = (
    p: Part,
    o: {
      day: number;
      lot?: string;
      first?: number;
      count?: number;
      near?: boolean;
      maker?: number;
      prefix?: string;
    },
  ): GeneratedTraceOrder => {
    const maker = makers[o.maker ?? p.maker]!;
    const count = o.count ?? int(20, 400);
    const first = o.first ?? p.cursor;
    if (o.first === undefined) p.cursor += count + int(0, 50);
    const lot = o.lot ?? `${p.number.slice(0, 2)}${pad(++p.lots, 3)}`;
    const shipTo = o.near ? pick(NEAR_TOWNS) : pick(FAR_TOWNS);
    const buyer = `Buyer ${pad(int(1, BUYERS), 4)} Ticaret`;
    const kind = KINDS[p.kind]!;
    const order: GeneratedTraceOrder = {
      order_id: `T-${pad(++seq, 7)}`,
      order_date: addDays(start, o.day),
      seller: maker.name,
      seller_country: maker.country,
      buyer,
      buyer_country: 'TR',
      buyer_city: shipTo,
      goods: kind[2],
      quantity: count,
      unit: 'pcs',
      consignee: buyer,
      ship_to_city: shipTo,
      ship_to_country: 'TR',
      route: `Istanbul>${shipTo}`,
      manufacturer: maker.name,
      model: `${p.number} ${kind[2]}`,
      part_number: p.number,
      lot,
      serial_first: `${o.prefix ?? p.prefix}${pad(first, 6)}`,
      serial_last: `${o.prefix ?? p.prefix}${pad(first + count - 1, 6)}`,
    };
    orders.push(order);
    return order;
  };

  const items: GeneratedTraceItem[] = [];
  const truth = new Map<string, string | null>();
  const kind = new Map<string, ItemKind>();
  const decoys = new Map<string, 'lot' | 'maker' | 'after'>();
  const order = [...parts.keys()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const spell = (s: string) =>
    pick([s, s.replace(/-/g, ''), s.replace(/-/g, ' '), s.toLowerCase()]);

  for (let n = 0; n < opts.items; n++) {
    const p = parts[order[n % order.length]!]!;
    const roll = r();
    const k: ItemKind =
      roll < (opts.missing ?? 0.05)
        ? 'missing'
        : roll < (opts.missing ?? 0.05) + (opts.thin ?? 0.03)
          ? 'thin'
          : 'traceable';
    const orderDay = int(0, 5 * 365);
    const seizureDay = orderDay + int(30, 900);
    const seizureDate = addDays(start, seizureDay);
    const count = int(20, 400);
    const first = p.cursor;
    const serialNo = first + int(0, count - 1);
    const serial = `${p.prefix}${pad(serialNo, 6)}`;
    let lot: string | null = null;
    let trueId: string | null = null;
    if (k !== 'missing') {
      const t = addOrder(p, { day: orderDay, first, count, near: true });
      p.cursor += count + int(0, 50);
      trueId = t.order_id;
      lot = t.lot;
      if (k === 'traceable') {
        // A split shipment of the same lot, its own run.
        const d1 = addOrder(p, { day: orderDay + int(-30, 30), lot: t.lot, near: r() < 0.5 });
        decoys.set(d1.order_id, 'lot');
        // Another maker's part under the same number, with that maker's serials.
        const other = (p.maker + int(1, makers.length - 1)) % makers.length;
        const d2 = addOrder(p, {
          day: orderDay + int(-200, 200),
          maker: other,
          prefix: `${String.fromCharCode(65 + int(0, 25))}${int(100, 999)}-`,
          first: serialNo - int(0, 50),
          lot: t.lot,
          near: true,
        });
        decoys.set(d2.order_id, 'maker');
        // The same lot and a run holding the serial, but ordered after the seizure.
        const d3 = addOrder(p, {
          day: seizureDay + int(1, 120),
          lot: t.lot,
          first: serialNo - int(0, 20),
          count: int(30, 100),
          near: true,
        });
        decoys.set(d3.order_id, 'after');
      }
    } else {
      p.cursor += count + int(0, 50);
    }
    const id = `GI-${pad(n + 1, 6)}`;
    const category = KINDS[p.kind]!;
    const maker = makers[p.maker]!;
    const thin = k === 'thin';
    // A traceable item carries its serial (what tells one shipment of a lot from another).
    const hasSerial = k !== 'thin';
    items.push({
      seizure_id: `GS-${pad(n + 1, 6)}`,
      seizure_date: seizureDate,
      seizure_place: pick(SEIZURE_PLACES),
      country: 'Syria',
      seized_by: 'SDF',
      item_id: id,
      category: category[0],
      type: category[1],
      model: spell(p.number),
      manufacturer:
        r() < 0.9 || !hasSerial ? pick([maker.name, maker.short, maker.short.toUpperCase()]) : null,
      serial_number: hasSerial ? spell(serial) : null,
      lot: thin ? null : hasSerial && r() < 0.3 ? null : lot,
      quantity: 1,
    });
    truth.set(id, trueId);
    kind.set(id, k);
  }
  // Fill the world with other orders of the same parts: other lots, other runs.
  // A fifth of them give no serial run.
  while (orders.length < opts.orders) {
    const o = addOrder(pick(parts), { day: int(0, 7 * 365), near: r() < 0.2 });
    if (r() < 0.2) {
      o.serial_first = '';
      o.serial_last = '';
    }
  }
  orders.sort((a, b) => (a.order_id < b.order_id ? -1 : 1));
  return { orders, items, truth, kind, decoys };
}

/** The world as the orders and seizures CSV files `chokepoint import` reads. */
export function traceWorldCsv(world: TraceWorld): { orders: string; seizures: string } {
  const orderCols = Object.keys(world.orders[0] ?? {}) as (keyof GeneratedTraceOrder)[];
  const itemCols = Object.keys(world.items[0] ?? {}) as (keyof GeneratedTraceItem)[];
  return {
    orders: writeCsv(orderCols, world.orders as unknown as Record<string, CsvCell>[]),
    seizures: writeCsv(itemCols, world.items as unknown as Record<string, CsvCell>[]),
  };
}
