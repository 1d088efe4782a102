import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../../test/stores.ts';

describeEachStore('network commands', (ctx) => {
  beforeAll(() => {
    const r = runCli(['demo', '--db', ctx.url]);
    expect(r.code, r.stderr).toBe(0);
  });

  /** `network ARGS… --json` on this store: the document it prints, having succeeded. */
  const networkJson = (args: string[]) => {
    const r = runCli(['network', ...args, '--json', '--db', ctx.url]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  /** `network ARGS… --json` refused as a usage error (exit 2): the error it prints. */
  const networkRefusal = (args: string[]) => {
    const r = runCli(['network', ...args, '--json', '--db', ctx.url]);
    expect(r.code).toBe(2);
    return JSON.parse(r.stderr).error;
  };
  const chokepointsJson = (args: string[]) => networkJson(['chokepoints', ...args]);

  it('junctions --groups --json puts the Karahan family group first', () => {
    const doc = networkJson(['junctions', '--groups']);
    expect(doc.mode).toBe('groups');
    expect(doc.junctions[0].name).toBe('Karahan family group');
    expect(doc.junctions[0].chains).toBe(5);
  });

  it('chokepoints --json prints exactly the contract fields first and a cut that leaves no path', () => {
    const doc = chokepointsJson(['--from', 'role:supplier', '--to', 'topic:crime.terror']);
    expect(Object.keys(doc).slice(0, 7)).toEqual([
      'from',
      'to',
      'cut',
      'cut_size',
      'paths_before',
      'paths_after',
      'supply_reachable_after',
    ]);
    expect(doc.from).toBe('role:supplier');
    expect(doc.cut_size).toBe(2);
    expect(doc.cut[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        name: expect.any(String),
        schema: expect.any(String),
      }),
    );
    expect(doc.paths_before).toBe(2);
    expect(doc.paths_after).toBe(0);
    expect(doc.supply_reachable_after).toBe(0);
  });

  it('chokepoints --budget 1 and --weights from a file', () => {
    const doc = chokepointsJson([
      '--from',
      'role:supplier',
      '--to',
      'topic:crime.terror',
      '--budget',
      '1',
    ]);
    expect(doc.cut_size).toBe(1);
    // The UAV parts and the cameras still get through (2 of the 7 orders' rows, whole);
    // kilograms of paste no longer drown their pieces.
    expect(doc.supply_reachable_after).toBeCloseTo(2 / 7, 12);
    expect(doc.paths_after).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'cp-weights-'));
    const file = join(dir, 'w.csv');
    writeFileSync(file, 'id,weight\nc-harran-lojistik,9\nc-karahan-elektronik,9\n');
    const w = chokepointsJson([
      '--from',
      'role:supplier',
      '--to',
      'topic:crime.terror',
      '--weights',
      file,
    ]);
    expect(w.cut.map((c: { id: string }) => c.id).sort()).toEqual([
      'p-fadi-suleiman',
      'p-khalid-hamoud',
    ]);
    expect(w.cut_cost).toBe(2);
  });

  it('refuses a bad selector with CP_BAD_SELECTOR and says what was expected', () => {
    const err = networkRefusal([
      'chokepoints',
      '--from',
      'role:broker',
      '--to',
      'topic:crime.terror',
    ]);
    expect(err.code).toBe('CP_BAD_SELECTOR');
    expect(err.expected).toMatch(/role:supplier or role:end_user/);
  });

  it('paths --json carries the evidence behind each step and the dates', () => {
    const doc = networkJson([
      'paths',
      '--from',
      'id:c-anadolu-kimya',
      '--to',
      'topic:crime.terror',
    ]);
    const p = doc.paths.find((x: { order_ids: string[] }) => x.order_ids.includes('O-2015-001'));
    expect(p.elapsed_days).toBe(11);
    const first = p.edges[0].evidence.find(
      (e: { record_id: string }) => e.record_id === 'O-2015-001',
    );
    expect(first.sources.map((s: { id: string }) => s.id)).toContain('src-invoice-o-001');
  });

  it('finds the known cut of a network imported orders first, FtM second, in its own case', () => {
    const fixtures = new URL('../../network/fixtures/', import.meta.url).pathname;
    expect(runCli(['cases', 'add', 'delta', 'Delta network', '--db', ctx.url]).code).toBe(0);
    expect(
      runCli([
        'import',
        'orders',
        join(fixtures, 'delta.orders.csv'),
        '--case',
        'delta',
        '--db',
        ctx.url,
      ]).code,
    ).toBe(0);
    expect(
      runCli([
        'import',
        'ftm',
        join(fixtures, 'delta.ftm.jsonl'),
        '--case',
        'delta',
        '--db',
        ctx.url,
      ]).code,
    ).toBe(0);
    const doc = chokepointsJson([
      '--from',
      'role:supplier',
      '--to',
      'topic:crime.terror',
      '--case',
      'delta',
    ]);
    expect(doc.cut.map((c: { id: string }) => c.id)).toEqual(['k-delta']);
    expect(doc.supply_reachable_after).toBe(0);
    const j = JSON.parse(
      runCli(['network', 'junctions', '--json', '--case', 'delta', '--db', ctx.url]).stdout,
    );
    expect(j.junctions[0].id).toBe('k-delta');
  });

  type Row = {
    commodity: string;
    unit: string | null;
    measure: string;
    before: number;
    after: number;
  };

  it('chokepoints --commodity cuts on the edges of one commodity, and a cut that leaves no path leaves no supply', () => {
    const doc = chokepointsJson([
      '--from',
      'role:supplier',
      '--to',
      'topic:crime.terror',
      '--commodity',
      'uav_components',
    ]);
    expect(doc.commodity).toBe('uav_components');
    expect(doc.paths_after).toBe(0);
    expect(doc.supply_reachable_after).toBe(0);
    expect(doc.supply.map((x: Row) => [x.commodity, x.unit, x.before, x.after])).toEqual([
      ['uav_components', 'pcs', 40, 0],
    ]);
    const err = networkRefusal([
      'chokepoints',
      '--from',
      'role:supplier',
      '--to',
      'topic:crime.terror',
      '--commodity',
      'cheese',
    ]);
    expect(err.code).toBe('CP_BAD_OPTION');
    expect(err.expected).toMatch(/aluminium_paste/);
  });

  it('chokepoints scoped to one supplier counts only its goods, per unit', () => {
    const doc = chokepointsJson(['--from', 'id:c-nordvind', '--to', 'topic:crime.terror']);
    expect(doc.orders_in_scope).toEqual(['O-2015-003', 'O-2015-103']);
    expect(doc.supply.map((x: Row) => x.unit)).toEqual(['pcs']);
    expect(doc.volume_unit).toBe('pcs');
    expect(doc.paths_after).toBe(0);
    expect(doc.supply_reachable_after).toBe(0);
    // All suppliers: kilograms and pieces in rows of their own, no summed volume.
    const all = chokepointsJson(['--from', 'role:supplier', '--to', 'topic:crime.terror']);
    expect(all.volume_before).toBeNull();
    for (const x of all.supply as Row[]) expect(x.after).toBe(0);
  });

  it('finds the three-broker cut of an imported network, and its figures agree with it', () => {
    const fixtures = new URL('../../network/fixtures/', import.meta.url).pathname;
    expect(runCli(['cases', 'add', 'trident', 'Three brokers', '--db', ctx.url]).code).toBe(0);
    for (const [kind, file] of [
      ['ftm', 'trident.ftm.jsonl'],
      ['orders', 'trident.orders.csv'],
    ]) {
      const r = runCli([
        'import',
        kind!,
        join(fixtures, file!),
        '--case',
        'trident',
        '--db',
        ctx.url,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const to of ['topic:crime.terror', 'role:end_user']) {
      const doc = chokepointsJson(['--from', 'role:supplier', '--to', to, '--case', 'trident']);
      expect(doc.cut.map((c: { id: string }) => c.id)).toEqual(['b-1', 'b-2', 'b-3']);
      expect(doc.paths_before).toBe(3);
      expect(doc.paths_after).toBe(0);
      expect(doc.supply_reachable_after).toBe(0);
      expect(doc.supply.length).toBe(6);
      for (const x of doc.supply as Row[]) expect(x.after).toBe(0);
    }
    const one = chokepointsJson([
      '--from',
      'id:s-rotor',
      '--to',
      'topic:crime.terror',
      '--case',
      'trident',
    ]);
    expect(one.orders_in_scope).toEqual(['T-03', 'T-04']);
    expect(one.supply_reachable_after).toBe(0);
    const text = runCli([
      'network',
      'chokepoints',
      '--from',
      'role:supplier',
      '--to',
      'role:end_user',
      '--budget',
      '1',
      '--case',
      'trident',
      '--db',
      ctx.url,
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/per commodity and unit/);
    expect(text.stdout).toMatch(/bags/);
  });

  it('centrality and graph print one JSON document', () => {
    const c = JSON.parse(runCli(['network', 'centrality', '--json', '--db', ctx.url]).stdout);
    expect(c.nodes.length).toBeGreaterThan(20);
    expect(c.communities).toBeGreaterThan(1);
    const g = JSON.parse(runCli(['network', 'graph', '--json', '--db', ctx.url]).stdout);
    expect(g.groups[0].name).toBe('Karahan family group');
    expect(
      g.payments.filter((p: { third_party: boolean }) => p.third_party).length,
    ).toBeGreaterThan(0);
  });
});
