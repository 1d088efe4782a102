import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.ts';
import { CASE_A, startWorld, type World } from '../testing.ts';

interface Cut {
  commodity: string | null;
  paths_after: number;
  supply_reachable_after: number;
  orders_in_scope: string[];
  supply: { commodity: string; unit: string | null; before: number; after: number }[];
}

describeEachStore('API choke points', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(ctx.store);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });
  const cut = async (query: string) =>
    w.call('viewer', 'GET', `/api/cases/${CASE_A}/network/chokepoints?${query}`);

  it('takes a commodity, and its figures agree with its cut', async () => {
    const res = await cut('from=role:supplier&to=topic:crime.terror&commodity=uav_components');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const doc = res.body as Cut;
    expect(doc.commodity).toBe('uav_components');
    expect(doc.paths_after).toBe(0);
    expect(doc.supply_reachable_after).toBe(0);
    expect(doc.supply.map((x) => [x.commodity, x.unit, x.before, x.after])).toEqual([
      ['uav_components', 'pcs', 40, 0],
    ]);
    const bad = await cut('from=role:supplier&to=topic:crime.terror&commodity=cheese');
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe('CP_BAD_OPTION');
  });

  it('counts only the goods of the supplier the cut is scoped to', async () => {
    const res = await cut('from=id:c-nordvind&to=topic:crime.terror');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const doc = res.body as Cut;
    expect(doc.orders_in_scope).toEqual(['O-2015-003', 'O-2015-103']);
    expect(doc.supply.map((x) => x.unit)).toEqual(['pcs']);
    expect(doc.supply_reachable_after).toBe(0);
  });

  it('answers the shortest chain of links between two parties, and 404 for an unknown id', async () => {
    const res = await w.call(
      'viewer',
      'GET',
      `/api/cases/${CASE_A}/network/shortest-path?from=c-akcakale-iletisim&to=o-is-procurement`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = res.body as { length: number; nodes: { id: string }[]; edges: unknown[] };
    expect(p.nodes[0]!.id).toBe('c-akcakale-iletisim');
    expect(p.nodes.at(-1)!.id).toBe('o-is-procurement');
    expect(p.edges).toHaveLength(p.length);
    const none = await w.call(
      'viewer',
      'GET',
      `/api/cases/${CASE_A}/network/shortest-path?from=c-akcakale-iletisim&to=nobody`,
    );
    expect(none.status).toBe(404);
  });

  it('dates each edge of the graph, for the time filter', async () => {
    const res = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/network/graph`);
    expect(res.status).toBe(200);
    const g = res.body as { edges: { order_ids: string[]; dates: string[] }[] };
    const ordered = g.edges.filter((e) => e.order_ids.length > 0);
    expect(ordered.length).toBeGreaterThan(0);
    for (const e of ordered) expect(e.dates.length).toBeGreaterThan(0);
  });
});
