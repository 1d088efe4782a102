import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../core/csv.ts';
import { readJsonLines } from '../core/jsonl.ts';
import { reachable } from './centrality/compact.ts';
import { reverseCompact } from './centrality/compact.ts';
import { chokepoints, makeSupply, marginalLosses, reachingOrders } from './chokepoints.ts';
import { commodityOf } from './commodity.ts';
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
    // Harran or Khalid carry the same 32 200 of 32 252 units; the rest goes through Fadi.
    expect(['c-harran-lojistik', 'p-khalid-hamoud']).toContain(r.cut[0]!.id);
    expect(r.supply_reachable_after).toBeCloseTo(52 / 32252, 9);
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
    // The quarry's detonators never go near the cell: 3000 kg + 500 + 120 of 5620 in scope reach it.
    expect(r.volume_before).toBe(3620);
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
      const s = makeSupply(net, graph, reverseCompact(graph), index, ids, sources, targets);
      const removed = new Uint8Array(ids.length);
      if (r() < 0.5) removed[index.get(`n${3 + Math.floor(r() * (n - 3))}`)!] = 1;
      const vol = (set: Set<string>) =>
        s.scope.filter((o) => set.has(o.order_id)).reduce((a, o) => a + o.volume, 0);
      const now = reachingOrders(s, targets, removed);
      const loss = marginalLosses(s, targets, removed, now, false);
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
