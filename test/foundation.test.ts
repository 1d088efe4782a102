import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeEachStore, runCli } from './stores.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const sortLines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string })
    .sort((a, b) => a.id.localeCompare(b.id));

describeEachStore('the foundation through the real CLI', (ctx) => {
  it('loads the demo world and counts every kind', () => {
    const demo = runCli(['demo', '--db', ctx.url, '--json']);
    expect(demo.stderr).not.toMatch(/error/);
    expect(demo.code).toBe(0);
    const stats = JSON.parse(runCli(['stats', '--db', ctx.url, '--json']).stdout);
    expect(stats.entities).toBeGreaterThanOrEqual(43);
    expect(stats.orders).toBeGreaterThanOrEqual(13);
    expect(stats.sources).toBeGreaterThanOrEqual(8);
    expect(stats.relations).toBeGreaterThanOrEqual(18);
  });

  it('answers "what supports this record" with graded sources', () => {
    const r = runCli(['sources', 'O-2015-001', '--db', ctx.url, '--json']);
    expect(r.code).toBe(0);
    const { sources } = JSON.parse(r.stdout) as { sources: { id: string; grade: string }[] };
    const byId = Object.fromEntries(sources.map((s) => [s.id, s.grade]));
    expect(byId['src-invoice-o-001']).toBe('B1');
    expect(byId['src-car-red-flags']).toBe('A2');
    // Best-graded first.
    expect(sources[0]!.grade).toBe('A2');
  });

  it('gives back an FtM file written by another tool, unknown keys and properties kept', () => {
    const file = fixture('aleph-export.ftm.jsonl');
    const imp = runCli(['import', 'ftm', file, '--db', ctx.url, '--case', 'default']);
    expect(imp.code).toBe(0);
    const exported = sortLines(runCli(['export', 'ftm', '--db', ctx.url]).stdout);
    const original = sortLines(readFileSync(file, 'utf8'));
    for (const entity of original) {
      expect(exported.find((e) => e.id === entity.id)).toEqual(entity);
    }
  });

  it('merges FtM fragments that share an id, as other tools write them', () => {
    expect(runCli(['import', 'ftm', fixture('fragments.ftm.jsonl'), '--db', ctx.url]).code).toBe(0);
    const merged = sortLines(runCli(['export', 'ftm', '--db', ctx.url]).stdout).find(
      (e) => e.id === 'frag-1',
    );
    expect(merged).toEqual({
      id: 'frag-1',
      schema: 'Company',
      properties: {
        name: ['Kilis Ticaret Ltd. Şti.', 'Kilis Ticaret Limited Şirketi'],
        country: ['tr'],
        address: ['Kilis'],
      },
      datasets: ['registry'],
    });
  });

  it('refuses a file with a bad row on line N, naming it, and leaves the store as it was', () => {
    const before = runCli(['stats', '--db', ctx.url, '--json']).stdout;
    const bad = runCli([
      'import',
      'incidents',
      fixture('incidents-bad-row.jsonl'),
      '--db',
      ctx.url,
    ]);
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/CP_IMPORT_BAD_ROW/);
    expect(bad.stderr).toMatch(/incidents-bad-row\.jsonl, line 3, field "killed"/);
    const orders = runCli([
      'import',
      'orders',
      fixture('orders-bad-row.csv'),
      '--db',
      ctx.url,
      '--json',
    ]);
    expect(orders.code).toBe(2);
    const err = JSON.parse(orders.stderr).error;
    expect(err).toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      line: 3,
      field: 'payment_method',
      got: 'pigeon_post',
    });
    expect(runCli(['stats', '--db', ctx.url, '--json']).stdout).toBe(before);
  });

  it('round-trips incidents through CSV with formulas neutralised', () => {
    const line = JSON.stringify({
      id: 'rt-1',
      text: '=HYPERLINK("http://x")',
      date: '2021-01-10',
      date_precision: 'day',
      country: 'Nigeria',
      country_code: 'NG',
      admin1: 'Borno',
      killed: 3,
      wounded: null,
      attribution: 'claimed',
      sources: [{ name: 'Amaq', date: '2021-01-10' }],
    });
    expect(runCli(['import', 'incidents', '-', '--db', ctx.url], { input: line + '\n' }).code).toBe(
      0,
    );
    const csv = runCli(['export', 'incidents', '--format', 'csv', '--db', ctx.url]).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    const geo = JSON.parse(
      runCli(['export', 'incidents', '--format', 'geojson', '--db', ctx.url]).stdout,
    );
    expect(geo.type).toBe('FeatureCollection');
    const jsonl = runCli(['export', 'incidents', '--db', ctx.url]).stdout;
    const back = jsonl
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((i: { id: string }) => i.id === 'rt-1');
    expect(back).toMatchObject({
      killed: 3,
      wounded: null,
      casualties_total: null,
      sources: [{ name: 'Amaq', date: '2021-01-10' }],
    });
  });

  it('keeps records apart by case', () => {
    expect(runCli(['cases', 'add', 'other', 'Another investigation', '--db', ctx.url]).code).toBe(
      0,
    );
    const stats = JSON.parse(
      runCli(['stats', '--db', ctx.url, '--case', 'other', '--json']).stdout,
    );
    expect(stats.entities).toBe(0);
    const missing = runCli(['stats', '--db', ctx.url, '--case', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/CP_NOT_FOUND/);
  });
});
