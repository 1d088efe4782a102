import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { openStore, type Store } from '../store/connect.ts';
import { ensureCase } from '../store/cases.ts';
import { loadDemo } from '../store/demo.ts';
import { latestScoresFor, saveScores } from '../store/flags.ts';
import { importFile } from '../store/importer.ts';
import { listOrderIdentities, listOrders, ordersByIds } from '../store/orders.ts';
import { startWorld, type World } from '../server/testing.ts';
import { generateTraceWorld, traceWorldCsv } from '../trace/generate.ts';
import type { TraceResult } from '../trace/schema.ts';
import { seizureNearby, traceItem, traceItems } from './trace.ts';

const OLD_ORDERS = `order_id,order_date,seller,buyer,goods
OLD-1,2016-01-02,Old Seller Ltd,Old Buyer,resistors
`;

describeEachStore('trace over the store', (ctx) => {
  beforeAll(async () => {
    await loadDemo(ctx.store);
  }, 120_000);

  it('keeps the orders’ identity columns, and an orders file without them still imports', async () => {
    const [o3] = await listOrders(ctx.store.db, ['default'], ['O-2015-003']);
    expect(o3).toMatchObject({
      manufacturer: 'Nordvind Drone Components ApS',
      part_number: 'NV-2312-920KV',
      lot: 'NV1507',
      serial_first: 'NV23-104200',
      serial_last: 'NV23-104239',
    });
    await ensureCase(ctx.store.db, 'old', 'Old file');
    await importFile(ctx.store, 'orders', 'old.csv', { caseId: 'old', text: OLD_ORDERS });
    const [old] = await listOrders(ctx.store.db, ['old']);
    expect(old).toMatchObject({ order_id: 'OLD-1', part_number: null, serial_first: null });
  });

  it('reads the order identities narrowly, orders by many ids and the latest scores of some', async () => {
    const ids = await listOrderIdentities(ctx.store, ['default']);
    // The eleven demo orders that name a part; the two camera orders do not.
    expect(ids).toHaveLength(11);
    expect(ids.some((o) => o.order_id === 'O-2015-004')).toBe(false);
    expect(Object.keys(ids[0]!).sort()).toEqual(
      [
        'buyer_entity_id',
        'lot',
        'manufacturer',
        'model',
        'order_date',
        'order_id',
        'part_number',
        'seller_entity_id',
        'serial_first',
        'serial_last',
      ].sort(),
    );
    const many = [...Array(12_000).keys()].map((i) => `nope-${i}`).concat(['O-2015-001']);
    expect((await ordersByIds(ctx.store, ['default'], many)).map((o) => o.order_id)).toEqual([
      'O-2015-001',
    ]);
    await saveScores(ctx.store.db, 'default', [
      { order_id: 'O-2015-003', rules_version: 'v1', likelihood: 0.5, flags: [], scored_at: 'a' },
      { order_id: 'O-2015-003', rules_version: 'v1', likelihood: 0.9, flags: [], scored_at: 'b' },
    ]);
    const latest = await latestScoresFor(ctx.store.db, ['default'], ['O-2015-003', 'O-2015-001']);
    expect(latest.map((s) => [s.order_id, s.likelihood])).toEqual([['O-2015-003', 0.9]]);
  });

  it('traces a recovered UAV motor to the order that shipped it, with its chain', async () => {
    const r = await traceItem(ctx.store, { caseId: 'default', itemId: 'RAQ-U001' });
    expect(r.item_id).toBe('RAQ-U001');
    expect(r.candidates.map((c) => c.order_id)).toEqual(['O-2015-003', 'O-2015-103']);
    const [best, other] = r.candidates;
    expect(best!.excluded).toBe(false);
    expect(best!.evidence.filter((e) => e.for_or_against === 'for').map((e) => e.code)).toEqual([
      'PART_NUMBER_MATCH',
      'MANUFACTURER_MATCH',
      'LOT_MATCH',
      'SERIAL_IN_RANGE',
      'ORDER_BEFORE_SEIZURE',
      'ROUTE_NEAR_SEIZURE',
      'PARTY_LINKED_TO_GROUP',
    ]);
    expect(best!.chain.map((l) => [l.role, l.id])).toEqual([
      ['exporter', 'c-nordvind'],
      ['buyer', 'c-karahan-elektronik'],
      ['consignee', 'p-yusuf-karahan'],
      ['carrier', 'p-fadi-suleiman'],
      ['crossing', 'a-akcakale-gate'],
      ['group', 'o-is-procurement'],
      ['seizure', 'SZ-2021-RAQ'],
    ]);
    // The stored score of the earlier test is the one shown.
    expect(best!.flags).toMatchObject({ source: 'stored', likelihood: 0.9 });
    expect(other!.excluded).toBe(true);
    expect(other!.evidence.map((e) => e.code)).toContain('SERIAL_OUT_OF_RANGE');
    expect(other!.flags?.source).toBe('scored');
    expect(r.nearby!.incidents.map((i) => i.id).sort()).toEqual(['demo-inc-12', 'demo-inc-13']);
  });

  it('finds no source for the decoys and says why', async () => {
    const lot = await traceItem(ctx.store, { caseId: 'default', itemId: 'RAQ-P007' });
    expect(lot.candidates[0]).toMatchObject({ order_id: 'O-2015-001', excluded: true });
    const maker = await traceItem(ctx.store, { caseId: 'default', itemId: 'RAQ-U003' });
    expect(maker.candidates.every((c) => c.excluded)).toBe(true);
    expect(
      maker.candidates[0]!.evidence.find((e) => e.code === 'MANUFACTURER_DIFFERS')!.detail,
    ).toMatch(/Hobbywing/);
    const det = await traceItem(ctx.store, { caseId: 'default', itemId: 'RAQ-X009' });
    expect(det.candidates).toEqual([]);
    expect(det.notes.join(' ')).toMatch(/no order of the case names/);
    // Precursor bags: each bag to the shipment of its lot and bag run.
    for (const [id, order] of [
      ['RAQ-P004', 'O-2015-001'],
      ['RAQ-P005', 'O-2015-007'],
      ['RAQ-P006', 'O-2015-006'],
      ['RAQ-E008', 'O-2015-005'],
      ['RAQ-U002', 'O-2015-003'],
    ] as const) {
      const r = await traceItem(ctx.store, { caseId: 'default', itemId: id, nearby: false });
      expect(r.candidates[0], id).toMatchObject({ order_id: order, excluded: false });
    }
    await expect(traceItem(ctx.store, { caseId: 'default', itemId: 'nope' })).rejects.toThrow(
      /no item "nope"/,
    );
  });

  it('lists the incidents around a seizure in a window with stated defaults', async () => {
    const r = await seizureNearby(ctx.store, { caseId: 'default', seizureId: 'SZ-2021-RAQ' });
    expect([r.km, r.days_before, r.days_after]).toEqual([50, 180, 0]);
    expect(r.incidents.map((i) => i.id)).toEqual(['demo-inc-12', 'demo-inc-13']);
    const none = await seizureNearby(ctx.store, {
      caseId: 'default',
      seizureId: 'SZ-2021-RAQ',
      daysBefore: 30,
    });
    expect(none.incidents).toEqual([]);
  });
});

describe('trace on a generated world of 300 seized components and 5 000 orders', () => {
  let dir: string;
  let store: Store;
  const world = generateTraceWorld({ orders: 5000, items: 300, seed: 23 });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-trace-'));
    store = await openStore({ url: join(dir, 'trace.db') });
    await ensureCase(store.db, 'gen', 'Generated');
    const csv = traceWorldCsv(world);
    await importFile(store, 'orders', 'orders.csv', { caseId: 'gen', text: csv.orders });
    await importFile(store, 'seizures', 'seizures.csv', { caseId: 'gen', text: csv.seizures });
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts the true order first for ≥ 95 % of traceable items and never a decoy', async () => {
    const results: TraceResult[] = [];
    await traceItems(store, {
      caseId: 'gen',
      limit: 5,
      flags: false,
      onResults: (rs) => void results.push(...rs),
    });
    expect(results).toHaveLength(300);
    let traceable = 0;
    let right = 0;
    for (const r of results) {
      const top = r.candidates[0];
      const kind = world.kind.get(r.item_id)!;
      if (top) {
        const decoy = world.decoys.get(top.order_id);
        // No decoy is ever the top candidate, nor the best one not ruled out.
        expect(decoy, `${r.item_id}: decoy ${top.order_id} (${decoy}) on top`).toBeUndefined();
        for (const c of r.candidates)
          if (world.decoys.has(c.order_id)) expect(c.excluded, c.order_id).toBe(true);
      }
      if (kind !== 'traceable') continue;
      traceable++;
      if (top?.order_id === world.truth.get(r.item_id)) right++;
    }
    expect(traceable).toBeGreaterThan(250);
    expect(right / traceable).toBeGreaterThanOrEqual(0.95);
    console.log(`trace: true order on top for ${right} of ${traceable} traceable items`);
  }, 300_000);
});

describe('the trace route', () => {
  let dir: string;
  let store: Store;
  let w: World;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-trace-api-'));
    store = await openStore({ url: join(dir, 'api.db') });
    w = await startWorld(store);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers what the use case answers, for a case member only', async () => {
    const r = await w.call('viewer', 'GET', '/api/cases/default/trace/RAQ-U001?limit=1');
    expect(r.status).toBe(200);
    const body = r.body as TraceResult;
    expect(body.candidates.map((c) => c.order_id)).toEqual(['O-2015-003']);
    expect(body.candidates[0]!.chain.at(-1)).toMatchObject({ role: 'seizure' });
    const direct = await traceItem(store, { caseId: 'default', itemId: 'RAQ-U001', limit: 1 });
    expect(body.candidates[0]!.evidence).toEqual(direct.candidates[0]!.evidence);
    // Someone outside the case does not learn that it exists.
    expect((await w.call('stranger', 'GET', '/api/cases/default/trace/RAQ-U001')).status).toBe(404);
    const missing = await w.call('viewer', 'GET', '/api/cases/default/trace/nope');
    expect(missing.status).toBe(404);
    const near = await w.call(
      'viewer',
      'GET',
      '/api/cases/default/seizures/SZ-2021-RAQ/nearby?km=10',
    );
    expect(near.status).toBe(200);
    expect((near.body as { km: number }).km).toBe(10);
  });
});
