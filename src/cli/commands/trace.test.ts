import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../../test/stores.ts';

describeEachStore('trace and arms nearby through the real CLI', (ctx) => {
  beforeAll(() => {
    const r = runCli(['demo', '--db', ctx.url]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('trace ITEM --json prints one document: candidates best first, evidence and chain', () => {
    const r = runCli(['trace', 'RAQ-U001', '--json', '--limit', '1', '--db', ctx.url]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).slice(0, 2)).toEqual(['item_id', 'item']);
    expect(doc.item_id).toBe('RAQ-U001');
    expect(doc.candidates).toHaveLength(1);
    const c = doc.candidates[0];
    expect(c.order_id).toBe('O-2015-003');
    expect(typeof c.score).toBe('number');
    for (const e of c.evidence) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['code', 'detail', 'for_or_against']));
      expect(['for', 'against', 'neutral']).toContain(e.for_or_against);
    }
    for (const l of c.chain)
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['id', 'name', 'schema', 'role']));
    expect(c.chain.map((l: { role: string }) => l.role)).toEqual([
      'exporter',
      'buyer',
      'consignee',
      'carrier',
      'crossing',
      'group',
      'seizure',
    ]);
  });

  it('states the evidence against in text, and traces many items as JSON lines', () => {
    const text = runCli(['trace', 'RAQ-P007', '--db', ctx.url]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/RULED OUT/);
    expect(text.stdout).toMatch(/- SERIAL_OUT_OF_RANGE: serial B1505120412 is outside/);
    const dir = mkdtempSync(join(tmpdir(), 'chokepoint-trace-cli-'));
    const file = join(dir, 'items.txt');
    writeFileSync(file, 'item_id\nRAQ-U001\nRAQ-P004\nRAQ-X009\n');
    const r = runCli(['trace', '--items', file, '--json', '--db', ctx.url]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.item_id, l.candidates[0]?.order_id ?? null])).toEqual([
      ['RAQ-U001', 'O-2015-003'],
      ['RAQ-P004', 'O-2015-001'],
      ['RAQ-X009', null],
    ]);
    const bad = runCli(['trace', 'NOPE', '--json', '--db', ctx.url]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr).error.code).toBe('CP_NOT_FOUND');
    expect(runCli(['trace', '--db', ctx.url]).code).toBe(2);
  });

  it('arms nearby lists the incidents before the cache was found, with its window', () => {
    const r = runCli(['arms', 'nearby', 'SZ-2021-RAQ', '--json', '--db', ctx.url]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.km, doc.days_before, doc.days_after]).toEqual([50, 180, 0]);
    expect(doc.incidents.map((i: { id: string }) => i.id)).toEqual(['demo-inc-12', 'demo-inc-13']);
    const narrow = runCli([
      'arms',
      'nearby',
      'SZ-2021-RAQ',
      '--days-before',
      '30',
      '--json',
      '--db',
      ctx.url,
    ]);
    expect(JSON.parse(narrow.stdout).incidents).toEqual([]);
    const bad = runCli(['arms', 'nearby', 'SZ-2021-RAQ', '--km', 'far', '--db', ctx.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CP_BAD_OPTION/);
  });
});
