import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../core/csv.ts';
import { readJsonLines } from '../core/jsonl.ts';
import { reachable } from './centrality/compact.ts';
import { chokepoints, makeSupply, marginalLosses, reachingOrders } from './chokepoints.ts';
import { commodityOf, restrictToCommodity } from './commodity.ts';
import { buildNetwork, collapseGroups, supplyGraph, type Network } from './graph.ts';
import { junctions } from './junctions.ts';
import { supplyPaths } from './paths.ts';
import { parseSelector, selectNodes } from './selectors.ts';

function load(ftm: string, orders: string): Network {
  const entities = readJsonLines(readFileSync(new URL(ftm, import.meta.url), 'utf8')).map(
    (r) => r.value,
  );
  const rows = readCsv(readFileSync(new URL(orders, import.meta.url), 'utf8'), {}).records.map(
    (r) => r.values,
  );
  return buildNetwork({ entities, orders: rows });
}
const demo = () => load('../../data/demo/network.ftm.jsonl', '../../data/demo/orders.csv');
const delta = () => load('./fixtures/delta.ftm.jsonl', './fixtures/delta.orders.csv');

/** Does any supply path still join the sources to the targets once `cut` is gone? */
function stillConnected(net: Network, from: string[], to: string[], cut: string[]): boolean {
  const { graph, index } = supplyGraph(net);
  const removed = new Uint8Array(graph.n);
  for (const id of cut) removed[index.get(id)!] = 1;
  const seen = reachable(
    graph,
    from.map((id) => index.get(id)!),
    removed,
  );
  return to.some((id) => seen[index.get(id)!]);
}

describe('commodity labels', () => {
  it('reads goods text first and the HS code when the text is vague', () => {
    expect(commodityOf('aluminium paste (non-leafing)', '760320').id).toBe('aluminium_paste');
    expect(commodityOf('brushless motors for model aircraft', '850131').id).toBe('uav_components');
    expect(commodityOf('thermal surveillance cameras', null).id).toBe('surveillance_equipment');
    expect(commodityOf('radio transceiver modules', '851762').id).toBe('radio_electronics');
    expect(commodityOf('ammonium nitrate (34.5 % N)', '310230').id).toBe('fertiliser_nitrate');
    expect(commodityOf('spare parts', '852580').id).toBe('surveillance_equipment');
    expect(commodityOf('misc', '870899').id).toBe('vehicles');
    expect(commodityOf('office chairs', '940130').id).toBe('hs_9401');
    expect(commodityOf(null, null).id).toBe('unspecified');
  });
});

describe('graph building on the demo world', () => {
  const net = demo();

  it('binds the Karahan family and its three companies into one business group', () => {
    const karahan = net.groups.find((g) => g.members.includes('p-mehmet-karahan'))!;
    expect(karahan.name).toBe('Karahan family group');
    expect([...karahan.members].sort()).toEqual([
      'c-harran-lojistik',
      'c-karahan-elektronik',
      'c-karahan-kimya',
      'p-ahmet-karahan',
      'p-mehmet-karahan',
      'p-yusuf-karahan',
    ]);
    expect(net.byId.get('c-harran-lojistik')!.group).toBe(karahan.id);
  });

  it('makes supply edges from orders and hand-over legs, payments with method and payer', () => {
    const supply = (s: string, t: string) =>
      net.edges.find((e) => e.kind === 'supply' && e.source === s && e.target === t);
    expect(supply('c-anadolu-kimya', 'c-akcakale-iletisim')!.order_ids).toEqual([
      'O-2015-001',
      'O-2015-007',
    ]);
    expect(supply('c-anadolu-kimya', 'c-akcakale-iletisim')!.volume).toBe(10000);
    expect(supply('c-akcakale-iletisim', 'c-harran-lojistik')!.via).toEqual(['Consignment']);
    expect(supply('c-harran-lojistik', 'p-khalid-hamoud')!.relation_ids).toContain(
      'rel-link-harran-khalid',
    );
    expect(supply('p-khalid-hamoud', 'a-akcakale-gate')).toBeDefined();
    expect(
      net.edges.some(
        (e) =>
          e.kind === 'supply' && e.source === 'p-yusuf-karahan' && e.target === 'p-hasan-ozturk',
      ),
    ).toBe(false);
    const paid = net.payments.find((p) => p.order_id === 'O-2015-001')!;
    expect(paid).toMatchObject({
      payer: 'p-ali-demirtas',
      beneficiary: 'c-anadolu-kimya',
      method: 'money_transfer',
      third_party: true,
    });
    expect(net.payments.find((p) => p.relation_id === 'rel-pay-is-ali')).toMatchObject({
      payer: 'o-is-procurement',
      amount: 30000,
    });
    expect(net.shipments.find((s) => s.order_id === 'O-2015-003')!.places).toEqual([
      'Copenhagen',
      'Istanbul',
      'Şanlıurfa',
      'Akçakale',
    ]);
  });

  it('knows suppliers, end users, carriers and the crossing', () => {
    const n = (id: string) => net.byId.get(id)!;
    expect(n('c-anadolu-kimya').supplier).toBe(true);
    expect(n('o-is-procurement').end_user).toBe(true);
    expect(n('c-ege-boya').end_user).toBe(true);
    expect(n('c-harran-lojistik').end_user).toBe(false);
    expect(n('p-khalid-hamoud').carrier).toBe(true);
    expect(n('a-akcakale-gate').crossing).toBe(true);
    expect(net.commodities.map((c) => c.id).sort()).toEqual([
      'aluminium_paste',
      'fertiliser_nitrate',
      'radio_electronics',
      'surveillance_equipment',
      'uav_components',
    ]);
  });

  it('folds groups into one node without losing supply', () => {
    const folded = collapseGroups(net);
    const g = folded.byId.get(net.byId.get('c-karahan-kimya')!.group!)!;
    expect(g.schema).toBe('BusinessGroup');
    expect(folded.byId.has('c-karahan-kimya')).toBe(false);
    expect(folded.edges.some((e) => e.source === g.id && e.target === 'p-khalid-hamoud')).toBe(
      true,
    );
    expect(folded.orders.find((o) => o.order_id === 'O-2015-002')!.chain).toEqual([
      'c-anadolu-kimya',
      g.id,
    ]);
  });

  it('folds parties the order import made on its own into the FtM entity of the same firm', () => {
    const entities = [
      { id: 'c-orchid', schema: 'Company', properties: { name: ['Orchid Trading FZE'] } },
      { id: 'party_0123456789abcdef', schema: 'Company', properties: { name: ['Orchid Trading'] } },
    ];
    const orders = [
      {
        order_id: 'A',
        seller: 'Kemi Oy',
        buyer: 'Orchid Trading',
        buyer_entity_id: 'party_0123456789abcdef',
        seller_entity_id: 'party_kemi',
      },
      { order_id: 'B', seller: 'Kemi Oy', buyer: 'ORCHID TRADING F.Z.E.' },
    ];
    const net = buildNetwork({ entities, orders });
    expect(net.byId.has('party_0123456789abcdef')).toBe(false);
    expect(net.orders.map((o) => o.buyer)).toEqual(['c-orchid', 'c-orchid']);
    expect(net.warnings.join()).toMatch(/party_kemi/);
  });

  it('refuses bad input naming the list, index and field', () => {
    expect(() =>
      buildNetwork({ entities: [{ id: 'x', schema: 'person', properties: {} }] }),
    ).toThrow(/entities\[0\].*schema/);
    expect(() =>
      buildNetwork({
        entities: [],
        orders: [{ order_id: 'A', seller: 'S', buyer: 'B', quantity: 'lots' }],
      }),
    ).toThrow(/orders\[0\]/);
    expect(() =>
      buildNetwork({
        entities: [
          { id: 'a', schema: 'Person' },
          { id: 'a', schema: 'Company' },
        ],
      }),
    ).toThrow(/appears twice/);
  });
});

describe('junctions', () => {
  it('puts the Karahan family group first with all five commodities, and a Karahan company first among nodes', () => {
    const net = demo();
    const groups = junctions(net, { groups: true });
    expect(groups.junctions[0]!.name).toBe('Karahan family group');
    expect(groups.junctions[0]!.chains).toBe(5);
    expect(groups.junctions[0]!.members).toHaveLength(6);
    expect(groups.junctions[1]!.chains).toBeLessThan(5);
    const nodes = junctions(net);
    expect(nodes.junctions[0]!.group?.name).toBe('Karahan family group');
    // Honest buyers are ranked too, below: the ranking does not only list the bad actors.
    expect(nodes.junctions.some((r) => r.id === 'c-ege-boya' && r.chains === 1)).toBe(true);
  });

  it('finds the broker and the brothers in a network it has never seen', () => {
    const net = delta();
    expect(junctions(net).junctions[0]!.id).toBe('k-delta');
    const g = junctions(net, { groups: true }).junctions.find((r) => r.kind === 'group')!;
    expect(g.name).toBe('Haddad family group');
    expect(g.chains).toBe(3);
  });
});

describe('choke points', () => {
  it('cuts the demo suppliers off from the terror cell with a minimum cut and computes what survives', () => {
    const net = demo();
    const r = chokepoints(net, { from: 'role:supplier', to: 'topic:crime.terror' });
    expect(r.cut_size).toBe(2);
    expect(r.paths_before).toBe(2);
    expect(r.paths_after).toBe(0);
    expect(r.supply_reachable_after).toBe(0);
    const sources = r.sources.map((s) => s.id);
    expect(
      stillConnected(
        net,
        sources,
        ['o-is-procurement'],
        r.cut.map((c) => c.id),
      ),
    ).toBe(false);
    expect(
      stillConnected(
        net,
        sources,
        ['o-is-procurement'],
        r.cut_near_targets!.map((c) => c.id),
      ),
    ).toBe(false);
    // Every single actor leaves a path: the cut is minimal.
    for (const c of r.cut)
      expect(stillConnected(net, sources, ['o-is-procurement'], [c.id])).toBe(true);
    expect(r.orders_reaching_before).toEqual([
      'O-2015-001',
      'O-2015-002',
      'O-2015-003',
      'O-2015-004',
      'O-2015-005',
      'O-2015-006',
      'O-2015-007',
    ]);
    expect(Object.keys(r).slice(0, 7)).toEqual([
      'from',
      'to',
      'cut',
      'cut_size',
      'paths_before',
      'paths_after',
      'supply_reachable_after',
    ]);
  });

  it('cuts the whole family as one node in group mode', () => {
    const r = chokepoints(demo(), {
      from: 'role:supplier',
      to: 'topic:crime.terror',
      groups: true,
    });
    expect(r.cut.map((c) => c.name)).toEqual(['Karahan family group']);
    expect(r.paths_before).toBe(1);
  });

  it('with a budget of one, removes the actor carrying the most volume and says what still gets through', () => {
    const r = chokepoints(demo(), { from: 'role:supplier', to: 'topic:crime.terror', budget: 1 });
    expect(r.cut_size).toBe(1);
    // Harran (or Khalid, after it) carries 5 of the 7 orders reaching the cell, each of its
    // rows whole; the UAV parts and cameras go round through Fadi. Rows count alike by
    // their orders: 2 of 7 still get through, kilograms never added to pieces.
    expect(['c-harran-lojistik', 'p-khalid-hamoud']).toContain(r.cut[0]!.id);
    expect(r.supply_reachable_after).toBeCloseTo(2 / 7, 12);
    expect(
      r.supply
        .filter((x) => x.after > 0)
        .map((x) => `${x.commodity} ${x.after} ${x.unit}`)
        .sort(),
    ).toEqual(['surveillance_equipment 12 pcs', 'uav_components 40 pcs']);
    expect(r.steps[0]!.supply_reachable_after).toBe(r.supply_reachable_after);
    expect(r.paths_after).toBe(1);
    expect(r.method).toMatch(/greedy with marginal gain/);
    const wide = chokepoints(demo(), {
      from: 'role:supplier',
      to: 'topic:crime.terror',
      budget: 5,
    });
    expect(wide.supply_reachable_after).toBe(0);
  });

  it('follows weights: a costly smuggler is routed around', () => {
    const weights = new Map([
      ['p-khalid-hamoud', 10],
      ['p-fadi-suleiman', 10],
      ['c-harran-lojistik', 10],
    ]);
    const r = chokepoints(demo(), { from: 'role:supplier', to: 'topic:crime.terror', weights });
    expect(r.cut_cost).toBeLessThan(11);
    expect(r.cut.map((c) => c.id)).not.toContain('c-harran-lojistik');
    expect(
      stillConnected(
        demo(),
        r.sources.map((s) => s.id),
        ['o-is-procurement'],
        r.cut.map((c) => c.id),
      ),
    ).toBe(false);
  });

  it('finds the known single broker in the unseen network', () => {
    const r = chokepoints(delta(), { from: 'role:supplier', to: 'topic:crime.terror' });
    expect(r.cut.map((c) => c.id)).toEqual(['k-delta']);
    expect(r.paths_before).toBe(1);
    // The quarry's detonators never go near the cell: 3000 kg, 500 and 120 pcs of 5620 in scope reach it.
    expect(r.supply.map((x) => [x.commodity, x.unit, x.in_scope, x.before, x.after])).toEqual([
      ['explosive_precursor', 'kg', 3000, 3000, 0],
      ['detonators', 'pcs', 2500, 500, 0],
      ['radio_electronics', 'pcs', 120, 120, 0],
    ]);
    expect(r.volume_before).toBeNull();
    expect(r.supply_reachable_before).toBeCloseTo((1 * 1 + 0.2 * 2 + 1 * 1) / 4, 12);
    expect(r.supply_reachable_after).toBe(0);
  });

  it('computes every marginal loss by dominators exactly as removing each node one by one would', () => {
    let x = 3;
    const r = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x / 4294967296);
    for (let trial = 0; trial < 150; trial++) {
      const n = 6 + Math.floor(r() * 10);
      const entities: unknown[] = [
        {
          id: 'T',
          schema: 'Organization',
          properties: { name: ['Target'], topics: ['crime.terror'] },
        },
      ];
      for (let i = 0; i < n; i++)
        entities.push({ id: `n${i}`, schema: 'Company', properties: { name: [`Node ${i}`] } });
      const links = Math.floor(r() * 2 * n);
      for (let i = 0; i < links; i++) {
        const a = Math.floor(r() * n);
        const b = r() < 0.25 ? 'T' : `n${Math.floor(r() * n)}`;
        if (b !== `n${a}`)
          entities.push({
            id: `l${i}`,
            schema: 'UnknownLink',
            properties: { subject: [`n${a}`], object: [b] },
          });
      }
      const orders: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const seller = `Node ${Math.floor(r() * 3)}`;
        const buyer = `Node ${3 + Math.floor(r() * (n - 3))}`;
        const consignee =
          r() < 0.5 ? `Node ${3 + Math.floor(r() * (n - 3))}` : r() < 0.2 ? 'Target' : '';
        orders.push({
          order_id: `o${i}`,
          seller,
          buyer,
          consignee,
          quantity: String(1 + Math.floor(r() * 9)),
        });
      }
      const net = buildNetwork({ entities, orders });
      const { graph, index, ids } = supplyGraph(net);
      const sources = net.nodes.filter((v) => v.supplier).map((v) => index.get(v.id)!);
      if (sources.length === 0) continue;
      const targets = [index.get('T')!];
      const s = makeSupply(net, sources, targets, { graph, index, ids });
      const removed = new Uint8Array(ids.length);
      if (r() < 0.5) removed[index.get(`n${3 + Math.floor(r() * (n - 3))}`)!] = 1;
      const vol = (set: Set<string>) =>
        s.scope.filter((o) => set.has(o.order_id)).reduce((a, o) => a + o.weight, 0);
      const now = reachingOrders(s, targets, removed);
      const loss = marginalLosses(s, targets, removed, now);
      for (let v = 0; v < ids.length; v++) {
        if (removed[v] || targets.includes(v)) continue;
        removed[v] = 1;
        const brute = vol(now) - vol(reachingOrders(s, targets, removed));
        removed[v] = 0;
        expect(loss[v], `trial ${trial}, node ${ids[v]}`).toBeCloseTo(brute, 9);
      }
    }
  });

  it('refuses overlapping and bad selectors with CP_BAD_SELECTOR', () => {
    const net = demo();
    expect(() => chokepoints(net, { from: 'role:supplier', to: 'id:c-anadolu-kimya' })).toThrow(
      /both --from and --to/,
    );
    expect(() => chokepoints(net, { from: 'kind:x', to: 'topic:crime.terror' })).toThrow(
      /unknown selector key/,
    );
    expect(() => chokepoints(net, { from: 'role:supplier', to: 'id:' })).toThrow(/no value/);
    expect(() =>
      chokepoints(net, { from: 'role:supplier', to: 'topic:crime.terror', budget: -1 }),
    ).toThrow(/budget/);
  });
});

describe('selectors', () => {
  const net = demo();
  it('parses comma-joined terms, keeping commas inside names', () => {
    expect(parseSelector('id:a,name:Foo, Bar Ltd,role:supplier', 'from')).toEqual([
      { key: 'id', value: 'a' },
      { key: 'name', value: 'Foo, Bar Ltd' },
      { key: 'role', value: 'supplier' },
    ]);
  });
  it('matches folded names, schemas, topic prefixes and member ids in group mode', () => {
    expect(selectNodes(net, 'name:akcakale iletisim', 'to').map((n) => n.id)).toEqual([
      'c-akcakale-iletisim',
    ]);
    expect(selectNodes(net, 'schema:organization', 'to').map((n) => n.id)).toEqual([
      'o-is-procurement',
    ]);
    expect(
      selectNodes(net, 'topic:crime', 'to')
        .map((n) => n.id)
        .sort(),
    ).toEqual(['o-is-procurement', 'p-fadi-suleiman', 'p-khalid-hamoud']);
    const folded = collapseGroups(net);
    expect(selectNodes(folded, 'id:p-yusuf-karahan', 'from', net).map((n) => n.name)).toEqual([
      'Karahan family group',
    ]);
  });
});

describe('supply paths', () => {
  it('lists each supplier-to-cell path with its orders, relations and a timeline', () => {
    const r = supplyPaths(demo(), { from: 'role:supplier', to: 'topic:crime.terror' });
    expect(r.paths).toHaveLength(6);
    const p = r.paths.find((x) => x.order_ids.includes('O-2015-001'))!;
    expect(p.nodes.map((n) => n.id)).toEqual([
      'c-anadolu-kimya',
      'c-akcakale-iletisim',
      'c-harran-lojistik',
      'p-khalid-hamoud',
      'o-is-procurement',
    ]);
    expect(p.first_date).toBe('2015-06-02');
    expect(p.last_date).toBe('2015-06-13');
    expect(p.elapsed_days).toBe(11);
    expect(p.edges[2]!.relation_ids).toContain('rel-handover-o001-harran-khalid');
    // A relation naming another order does not date or document this one.
    const q = r.paths.find((x) => x.order_ids.includes('O-2015-002'))!;
    expect(q.edges[2]!.relation_ids).not.toContain('rel-handover-o001-harran-khalid');
    expect(q.elapsed_days).toBeNull();
    // Nordvind's UAV parts never pass Harran: no path mixes orders.
    expect(
      r.paths.some(
        (x) => x.nodes[0]!.id === 'c-nordvind' && x.nodes.some((n) => n.id === 'c-harran-lojistik'),
      ),
    ).toBe(false);
  });
});

const trident = () => load('./fixtures/trident.ftm.jsonl', './fixtures/trident.orders.csv');

/**
 * Independent of the cut code: does a supply path join a source to a target once `cut` is
 * gone, on the graph the cut separates (edges into a source and out of a target left out)?
 */
function pathRemains(net: Network, from: string[], to: string[], cut: string[]): boolean {
  const isSource = new Set(from);
  const isTarget = new Set(to);
  const gone = new Set(cut);
  const out = new Map<string, string[]>();
  for (const e of net.edges) {
    if (e.kind !== 'supply' || e.source === e.target) continue;
    if (isSource.has(e.target) || isTarget.has(e.source)) continue;
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source)!.push(e.target);
  }
  const seen = new Set(from);
  const queue = [...from];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of out.get(v) ?? []) {
      if (gone.has(w) || seen.has(w)) continue;
      if (isTarget.has(w)) return true;
      seen.add(w);
      queue.push(w);
    }
  }
  return false;
}

/** What every cut must satisfy, checked against the network the cut was computed on. */
function checkAgreement(net: Network, r: ReturnType<typeof chokepoints>, label: string): void {
  const from = r.sources.map((n) => n.id);
  const to = r.targets.map((n) => n.id);
  const cut = r.cut.map((c) => c.id);
  expect(r.paths_after > 0, `${label}: paths_after vs an independent search`).toBe(
    pathRemains(net, from, to, cut),
  );
  expect(r.paths_before > 0, `${label}: paths_before`).toBe(pathRemains(net, from, to, []));
  if (r.paths_after === 0) {
    expect(r.supply_reachable_after, label).toBe(0);
    expect(r.orders_reaching_after, label).toEqual([]);
    for (const row of r.supply) expect(row.after, `${label}: ${row.commodity}`).toBe(0);
    for (const row of r.by_commodity) expect(row.volume_after, label).toBe(0);
  }
  if (r.supply_reachable_after > 0) expect(r.paths_after, label).toBeGreaterThan(0);
  expect(r.supply_reachable_after).toBeGreaterThanOrEqual(0);
  expect(r.supply_reachable_after).toBeLessThanOrEqual(1 + 1e-12);
  // Only the sources' goods: orders with a selected source among their parties.
  const sourceSet = new Set(from);
  const scope = net.orders.filter((o) => o.chain.some((p) => sourceSet.has(p)));
  expect(r.orders_in_scope, label).toEqual(scope.map((o) => o.order_id).sort());
  for (const id of r.orders_reaching_before) expect(r.orders_in_scope).toContain(id);
  for (const id of r.orders_reaching_after) expect(r.orders_reaching_before).toContain(id);
  // One unit a row: each row is the sum of exactly the orders of its commodity and unit.
  const keys = new Set<string>();
  for (const row of r.supply) {
    const key = `${row.commodity}|${row.measure}|${row.unit}`;
    expect(keys.has(key), `${label}: row ${key} twice`).toBe(false);
    keys.add(key);
    const mine = scope.filter(
      (o) =>
        o.commodity.id === row.commodity &&
        (row.measure === 'orders'
          ? o.quantity === null
          : o.quantity !== null && (o.unit?.trim() || null) === row.unit),
    );
    expect(mine.length, `${label}: ${key}`).toBe(row.orders_in_scope);
    const volume = (o: (typeof mine)[number]) => (row.measure === 'orders' ? 1 : o.quantity!);
    expect(row.in_scope).toBeCloseTo(
      mine.reduce((a, o) => a + volume(o), 0),
      9,
    );
    const after = mine.filter((o) => r.orders_reaching_after.includes(o.order_id));
    expect(row.after).toBeCloseTo(
      after.reduce((a, o) => a + volume(o), 0),
      9,
    );
  }
  expect(r.supply.reduce((a, x) => a + x.orders_in_scope, 0)).toBe(scope.length);
  // The single figure: the rows' shares, weighted by the orders reaching before.
  const weight = r.supply.reduce((a, x) => a + x.orders_before, 0);
  const mean = weight
    ? r.supply.reduce((a, x) => a + x.share_after * x.orders_before, 0) / weight
    : 0;
  expect(r.supply_reachable_after, label).toBeCloseTo(mean, 12);
  if (new Set(r.supply.map((x) => `${x.measure}|${x.unit}`)).size > 1)
    expect(r.volume_before).toBeNull();
  for (let i = 1; i < r.steps.length; i++)
    expect(r.steps[i]!.supply_reachable_after).toBeLessThanOrEqual(
      r.steps[i - 1]!.supply_reachable_after + 1e-12,
    );
}

/** The network a cut with these options was computed on (for the independent checks). */
function analysed(net: Network, opts: { groups?: boolean; commodity?: string | null }): Network {
  const scoped = opts.commodity ? restrictToCommodity(net, opts.commodity) : net;
  return opts.groups ? collapseGroups(scoped) : scoped;
}

describe('figures that agree with the cut', () => {
  const net = trident();

  it('finds the three brokers as the minimum cut, and no supply reaches the targets after it', () => {
    for (const to of ['topic:crime.terror', 'role:end_user']) {
      const r = chokepoints(net, { from: 'role:supplier', to });
      expect(r.cut.map((c) => c.id)).toEqual(['b-1', 'b-2', 'b-3']);
      expect(r.paths_before).toBe(3);
      expect(r.paths_after).toBe(0);
      expect(r.supply_reachable_after).toBe(0);
      expect(r.supply_reachable_before).toBe(1);
      checkAgreement(net, r, to);
      // Resales below the cut (brokers → wholesalers → end users) are not the suppliers'
      // orders: they were what kept the old figure above 0.
      expect(r.orders_in_scope).toEqual([
        'T-01',
        'T-02',
        'T-03',
        'T-04',
        'T-05',
        'T-06',
        'T-07',
        'T-08',
      ]);
      // The cut is minimum: no one or two other actors separate the sides.
      const middle = net.nodes
        .map((n) => n.id)
        .filter((id) => !r.sources.some((s) => s.id === id) && !r.targets.some((t) => t.id === id));
      for (const a of middle)
        for (const b of middle)
          expect(
            pathRemains(
              net,
              r.sources.map((s) => s.id),
              r.targets.map((t) => t.id),
              [a, b],
            ),
          ).toBe(true);
    }
  });

  it('reports before and after per commodity and unit, never adding units together', () => {
    const r = chokepoints(net, { from: 'role:supplier', to: 'role:end_user' });
    expect(r.supply.map((x) => [x.commodity, x.measure, x.unit, x.before, x.after])).toEqual([
      ['aluminium_paste', 'quantity', 'kg', 8500, 0],
      ['uav_components', 'quantity', 'pcs', 100, 0],
      ['detonators', 'quantity', 'pcs', 500, 0],
      ['detonators', 'orders', null, 1, 0],
      ['fertiliser_nitrate', 'quantity', 'kg', 20000, 0],
      ['fertiliser_nitrate', 'quantity', 'bags', 400, 0],
    ]);
    expect(r.volume_before).toBeNull();
    expect(r.volume_unit).toBeNull();
    expect(r.notes.join(' ')).toMatch(/give no quantity/);
    // With one broker gone, whole rows go and the figure is their mean by orders.
    const one = chokepoints(net, { from: 'role:supplier', to: 'role:end_user', budget: 1 });
    expect(one.cut_size).toBe(1);
    expect(one.paths_after).toBe(2);
    checkAgreement(net, one, 'budget 1');
    expect(one.supply_reachable_after).toBeGreaterThan(0);
    expect(one.supply_reachable_after).toBeLessThan(1);
  });

  it('counts only the goods of the supplier the cut is scoped to', () => {
    const r = chokepoints(net, { from: 'id:s-rotor', to: 'topic:crime.terror' });
    expect(r.orders_in_scope).toEqual(['T-03', 'T-04']);
    expect(r.supply.map((x) => [x.commodity, x.unit, x.before, x.after])).toEqual([
      ['uav_components', 'pcs', 100, 0],
    ]);
    expect(r.volume_before).toBe(100);
    expect(r.volume_unit).toBe('pcs');
    expect(r.paths_after).toBe(0);
    expect(r.supply_reachable_after).toBe(0);
    checkAgreement(net, r, 's-rotor');
    // Kestrel's aluminium passes the same distributor (Birch) and is not Rotorwerk's supply.
    const two = chokepoints(net, { from: 'id:s-rotor,id:s-kestrel', to: 'topic:crime.terror' });
    expect(two.orders_in_scope).toEqual(['T-01', 'T-02', 'T-03', 'T-04']);
    checkAgreement(net, two, 'rotor + kestrel');
  });

  it('asks choke points per commodity, on the edges that carry it', () => {
    const r = chokepoints(net, {
      from: 'role:supplier',
      to: 'role:end_user',
      commodity: 'detonators',
    });
    expect(r.commodity).toBe('detonators');
    expect(r.orders_in_scope).toEqual(['T-05', 'T-06']);
    expect(r.supply.every((x) => x.commodity === 'detonators')).toBe(true);
    expect(r.cut_size).toBe(1);
    expect(r.paths_after).toBe(0);
    expect(r.supply_reachable_after).toBe(0);
    checkAgreement(analysed(net, { commodity: 'detonators' }), r, 'detonators');
    // The detonators end at the workshop: on their own edges they never reach the cell.
    const cell = chokepoints(net, {
      from: 'role:supplier',
      to: 'topic:crime.terror',
      commodity: 'detonators',
    });
    expect(cell.paths_before).toBe(0);
    expect(cell.supply_reachable_before).toBe(0);
    // Fertiliser reaches the cell by Kite's order and by Lark's hand-over to Sirocco.
    const fert = chokepoints(net, {
      from: 'role:supplier',
      to: 'topic:crime.terror',
      commodity: 'fertiliser_nitrate',
    });
    // Delta Agro's two distributors (kg and bags) are the cut nearest the sources.
    expect(fert.cut.map((c) => c.id)).toEqual(['d-1', 'd-5']);
    expect(fert.supply.map((x) => x.unit)).toEqual(['kg', 'bags']);
    checkAgreement(analysed(net, { commodity: 'fertiliser_nitrate' }), fert, 'fertiliser');
    expect(() =>
      chokepoints(net, { from: 'role:supplier', to: 'role:end_user', commodity: 'cheese' }),
    ).toThrow(/unknown commodity/);
  });

  it('agrees on the demo, the delta network and in group mode', () => {
    for (const [name, n] of [
      ['demo', demo()],
      ['delta', delta()],
      ['trident', net],
    ] as const) {
      for (const groups of [false, true]) {
        for (const budget of [null, 1, 2]) {
          const r = chokepoints(n, {
            from: 'role:supplier',
            to: 'topic:crime.terror',
            groups,
            budget,
          });
          checkAgreement(analysed(n, { groups }), r, `${name} groups=${groups} budget=${budget}`);
        }
        for (const c of n.commodities) {
          const r = chokepoints(n, {
            from: 'role:supplier',
            to: 'role:end_user',
            groups,
            commodity: c.id,
          });
          checkAgreement(analysed(n, { groups, commodity: c.id }), r, `${name} ${c.id}`);
        }
      }
    }
  });

  it('agrees on 400 seeded random networks (exact and budgeted cuts, one or all suppliers, groups, commodities)', () => {
    let x = 20260523;
    const r = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x / 4294967296);
    const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
    const GOODS = [
      ['aluminium paste', 'kg'],
      ['aluminium paste', 't'],
      ['brushless motors', 'pcs'],
      ['ammonium nitrate', 'kg'],
      ['ammonium nitrate', 'bags'],
      ['electric detonators', 'pcs'],
      ['radio modules', 'pcs'],
      ['safety fuses', ''],
    ] as const;
    let checked = 0;
    let cutToZero = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = 6 + Math.floor(r() * 12);
      const entities: Record<string, unknown>[] = [];
      for (let i = 0; i < n; i++)
        entities.push({
          id: `n${i}`,
          schema: i === n - 1 ? 'Organization' : 'Company',
          properties: {
            name: [`Node ${i}`],
            ...(i === n - 1 ? { topics: ['crime.terror'] } : {}),
            ...(r() < 0.15 ? { sector: ['freight forwarding'] } : {}),
          },
        });
      const legs = Math.floor(r() * n);
      for (let i = 0; i < legs; i++) {
        const a = 2 + Math.floor(r() * (n - 2));
        const b = 2 + Math.floor(r() * (n - 2));
        if (a === b) continue;
        const schema = pick(['UnknownLink', 'Associate', 'Payment', 'Ownership'] as const);
        const ends =
          schema === 'UnknownLink'
            ? { subject: [`n${a}`], object: [`n${b}`] }
            : schema === 'Associate'
              ? { person: [`n${a}`], associate: [`n${b}`] }
              : schema === 'Payment'
                ? { payer: [`n${a}`], beneficiary: [`n${b}`] }
                : { owner: [`n${a}`], asset: [`n${b}`] };
        entities.push({ id: `l${i}`, schema, properties: ends });
      }
      const orders: Record<string, string>[] = [];
      const count = 3 + Math.floor(r() * 2 * n);
      for (let i = 0; i < count; i++) {
        const seller = Math.floor(r() * Math.max(3, n - 2));
        let buyer = 1 + Math.floor(r() * (n - 1));
        if (buyer === seller) buyer = n - 1;
        if (buyer === seller) continue;
        const [goods, unit] = pick(GOODS);
        const consignee = r() < 0.3 ? `Node ${2 + Math.floor(r() * (n - 2))}` : '';
        orders.push({
          order_id: `o${i}`,
          seller: `Node ${seller}`,
          buyer: `Node ${buyer}`,
          consignee: consignee === `Node ${buyer}` ? '' : consignee,
          goods,
          quantity: unit ? String(1 + Math.floor(r() * 500)) : '',
          unit,
        });
      }
      const net = buildNetwork({ entities, orders });
      const sellers = [...new Set(net.orders.map((o) => o.seller))];
      const from = r() < 0.5 ? 'role:supplier' : `id:${pick(sellers)}`;
      const to = r() < 0.5 ? 'role:end_user' : 'topic:crime.terror';
      const groups = r() < 0.25;
      const budget = r() < 0.35 ? 1 + Math.floor(r() * 3) : null;
      const commodity = r() < 0.3 ? pick(net.commodities).id : null;
      let res: ReturnType<typeof chokepoints>;
      try {
        res = chokepoints(net, { from, to, groups, budget, commodity });
      } catch (e) {
        // No supplier, or a seller that is also a target: nothing to cut.
        expect((e as { code?: string }).code).toBe('CP_BAD_SELECTOR');
        continue;
      }
      checkAgreement(
        analysed(net, { groups, commodity }),
        res,
        `trial ${trial} ${from} → ${to} groups=${groups} budget=${budget} commodity=${commodity}`,
      );
      checked++;
      if (res.paths_before > 0 && res.paths_after === 0 && res.orders_reaching_before.length)
        cutToZero++;
    }
    expect(checked).toBeGreaterThan(250);
    expect(cutToZero).toBeGreaterThan(50);
  });
});
