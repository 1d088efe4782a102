import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from 'json-rules-engine';
import { report, scaled, time } from './harness.ts';
import {
  classifyBusiness,
  classifyGoods,
  classifyParty,
  regionOf,
  analyseRoute,
  shareDistinctiveWord,
} from '../src/flags/classify.ts';
import { writeCsv } from '../src/core/csv.ts';
import { generateOrders } from '../src/flags/generate.ts';
import { normalisedQuantity } from '../src/flags/indicators.ts';
import { loadRules, type FlagCode } from '../src/flags/rules.ts';
import { ORDER_FIELDS } from '../src/network/orders.ts';

const CLI = fileURLToPath(new URL('../bin/chokepoint.js', import.meta.url));

/** Runs `chokepoint flags score --orders FILE --json` as a user does; resolves with the JSON lines printed. */
function scoreWithCli(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'flags', 'score', '--orders', file, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(lines) : reject(new Error(`flags score exited ${code}: ${err}`)),
    );
  });
}

/**
 * Generated orders scored as a user scores them: the orders written to a CSV file, then
 * `node bin/chokepoint.js flags score --orders FILE --json` timed from spawn to exit
 * (start-up, reading and validating the CSV, scoring with full evidence for every order,
 * printing JSON lines) — beside json-rules-engine evaluating the same indicators on the same
 * orders in the same run.
 *
 * The peer: one json-rules-engine rule per indicator, run per order over facts that hold
 * the same per-value classifications (looked up from memo tables, so the peer is not
 * charged for our text classifiers) — it decides which indicators fire and we sum the
 * weights. It is given the orders in memory: no file, no start-up, no evidence.
 */
export async function run(): Promise<void> {
  const n = scaled(100_000);
  const rules = loadRules('v1');
  const p = rules.params;
  const orders = generateOrders(n, { seed: 11, buyers: Math.max(50, Math.round(n / 25)) });
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-flags-bench-'));
  const file = join(dir, 'orders.csv');
  const rows = orders.map((o) => Object.fromEntries(ORDER_FIELDS.map((f) => [f, o[f]])));
  writeFileSync(file, writeCsv(ORDER_FIELDS, rows));

  let printed = 0;
  let oursMs: number;
  try {
    oursMs = await time(async () => {
      printed = await scoreWithCli(file);
    }, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (printed !== n) throw new Error(`flags score printed ${printed} lines for ${n} orders`);

  // The peer on the same orders: a sample when the full set would take too long, reported per order.
  const peerN = Math.min(n, scaled(50_000));
  const memo = <T>(f: (k: string) => T) => {
    const m = new Map<string, T>();
    return (k: string) => m.get(k) ?? (m.set(k, f(k)), m.get(k)!);
  };
  const goodsOf = memo((k) => classifyGoods(...(k.split('\u0000') as [string, string])));
  const businessOf = memo((k) => classifyBusiness(k || null));
  const regionStrength = memo((k) => {
    const [city, country] = k.split('\u0000');
    return regionOf(city || null, country || null, p.near_km, p.region_km).strength;
  });
  const routeOf = memo((k) => analyseRoute(k || null, p.crossing_km));
  const partyOf = memo((k) => classifyParty(k || null));
  const engine = new Engine([], { allowUndefinedFacts: true });
  const rule = (code: FlagCode, conditions: object) =>
    engine.addRule({ name: code, conditions: conditions as never, event: { type: code } });
  rule('CUSTOMER_HISTORY_UNKNOWN', {
    all: [{ fact: 'first_seen_missing', operator: 'equal', value: true }],
  });
  rule('NEW_CUSTOMER', {
    all: [{ fact: 'days_known', operator: 'lessThanInclusive', value: p.recent_customer_days }],
  });
  rule('SENSITIVE_REGION', { all: [{ fact: 'region', operator: 'greaterThan', value: 0 }] });
  rule('NEW_CUSTOMER_IN_SENSITIVE_REGION', {
    all: [
      { fact: 'region', operator: 'greaterThan', value: 0 },
      { fact: 'days_known', operator: 'lessThanInclusive', value: p.recent_customer_days },
    ],
  });
  rule('SHIP_TO_SENSITIVE_REGION', {
    all: [{ fact: 'ship_region', operator: 'greaterThan', value: 0 }],
  });
  rule('GOODS_INCONGRUENT', { all: [{ fact: 'incongruent', operator: 'equal', value: true }] });
  rule('QUANTITY_DISPROPORTIONATE', {
    all: [
      { fact: 'small_business', operator: 'equal', value: true },
      { fact: 'quantity_kg', operator: 'greaterThanInclusive', value: p.bulk_kg },
    ],
  });
  rule('THIRD_PARTY_PAYER', { all: [{ fact: 'payer_unlinked', operator: 'equal', value: true }] });
  rule('CONCEALED_PAYMENT', {
    all: [{ fact: 'payment_method', operator: 'in', value: Object.keys(p.payment_strength) }],
  });
  rule('PAYER_IS_MONEY_TRANSFER_OPERATOR', {
    all: [{ fact: 'payer_mto', operator: 'equal', value: true }],
  });
  rule('ROUTE_THROUGH_CROSSING', {
    all: [{ fact: 'route_via_crossing', operator: 'equal', value: true }],
  });
  rule('ROUTE_DETOUR', {
    all: [{ fact: 'detour_ratio', operator: 'greaterThanInclusive', value: p.detour_ratio }],
  });
  rule('CONSIGNEE_FORWARDER', {
    all: [{ fact: 'consignee_forwarder', operator: 'equal', value: true }],
  });
  rule('CONSIGNEE_UNRELATED', {
    all: [
      { fact: 'consignee_unlinked', operator: 'equal', value: true },
      { fact: 'consignee_forwarder', operator: 'equal', value: false },
    ],
  });
  for (const code of [
    'CONTROLLED_PRECURSOR',
    'EXPLOSIVE_ARTICLE',
    'UAV_COMPONENT',
    'DUAL_USE_ELECTRONICS',
  ] as const) {
    rule(code, { all: [{ fact: 'controlled', operator: 'contains', value: code }] });
  }
  const peerMs = await time(async () => {
    for (let i = 0; i < peerN; i++) {
      const o = orders[i]!;
      const g = goodsOf(`${o.goods ?? ''}\u0000${o.hs_code ?? ''}`);
      const b = businessOf(o.buyer_business ?? '');
      const r = routeOf(o.route ?? '');
      const buyer = partyOf(o.buyer);
      const payer = partyOf(o.payer ?? '');
      const consignee = partyOf(o.consignee ?? '');
      const od = o.order_date ? Date.parse(o.order_date) / 86_400_000 : null;
      const fd = o.buyer_first_seen ? Date.parse(o.buyer_first_seen) / 86_400_000 : null;
      const q = normalisedQuantity(o.quantity, o.unit);
      const facts = {
        first_seen_missing: fd === null,
        days_known: od !== null && fd !== null ? od - fd : undefined,
        region: regionStrength(`${o.buyer_city ?? ''}\u0000${o.buyer_country ?? ''}`),
        ship_region: regionStrength(`${o.ship_to_city ?? ''}\u0000${o.ship_to_country ?? ''}`),
        incongruent: Boolean(
          g.product_class && b.sector && !b.buys_all && !b.buys.has(g.product_class),
        ),
        small_business: b.small,
        quantity_kg: q && q.basis === 'kg' ? q.value : 0,
        payer_unlinked: Boolean(
          o.payer && buyer.key !== payer.key && !shareDistinctiveWord(buyer, payer),
        ),
        payment_method: o.payment_method,
        payer_mto: Boolean(payer.mto_term),
        route_via_crossing: Boolean(r.via_crossing),
        detour_ratio: r.detour_ratio ?? 0,
        consignee_forwarder: Boolean(
          o.consignee && consignee.key !== buyer.key && consignee.forwarder_term,
        ),
        consignee_unlinked: Boolean(
          o.consignee && buyer.key !== consignee.key && !shareDistinctiveWord(buyer, consignee),
        ),
        controlled: g.controlled.map((h) => h.code),
      };
      const { events } = await engine.run(facts);
      let x = 0;
      for (const e of events) x += rules.weights[e.type as FlagCode] ?? 0;
      if (x < -1e9) throw new Error('unreachable');
    }
  });
  const peerPerOrder = peerMs / peerN;
  report({
    bench: 'flags',
    size: `${n} orders`,
    ours: '`chokepoint flags score --orders FILE --json` (spawned CLI: start-up, CSV, scoring, full evidence)',
    ours_ms: oursMs,
    peer: `json-rules-engine in memory (${peerN} orders, scaled to ${n})`,
    peer_ms: peerPerOrder * n,
    note: `${Math.round(n / (oursMs / 1000)).toLocaleString('en')} orders/s end to end (median of 3, load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores); peer ${Math.round(1000 / peerPerOrder).toLocaleString('en')} orders/s`,
  });
}
