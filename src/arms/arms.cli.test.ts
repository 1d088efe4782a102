import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
/** Each step is a child process; on a loaded machine a test of nine steps takes a while. */
const SLOW = 240_000;
const json = <T>(r: { code: number; stdout: string; stderr: string }): T => {
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

interface Group {
  label: string;
  count: number;
  share: number;
  lift: number | null;
  p_value: number | null;
}
interface Link {
  kind: string;
  seizures: string[];
  items: string[];
  evidence: Record<string, unknown>;
  strength: number;
}

describeEachStore('arms through the real CLI', (ctx) => {
  it(
    'loads the demo, whose component link is found with its evidence',
    () => {
      expect(runCli(['demo', '--db', ctx.url, '--case', 'default']).code).toBe(0);
      const report = json<{ links: Link[]; clusters: { seizures: string[] }[] }>(
        runCli(['arms', 'links', '--db', ctx.url, '--json']),
      );
      const comp = report.links.filter((l) => l.kind === 'component_serial');
      expect(comp).toHaveLength(1);
      expect(comp[0]!.evidence).toMatchObject({
        serial: 'A104520',
        component: { type: 'bolt_carrier', seizure_id: 'SZ-2022-QAY' },
        matches: { seizure_id: 'SZ-2021-ABK', model: 'Type 68', serial_number: 'A-104520' },
      });
      expect(report.links.some((l) => l.kind === 'serial_run' && l.seizures.length === 3)).toBe(
        true,
      );
      expect(report.links.filter((l) => l.kind === 'ammunition_lot')).toHaveLength(1);
      expect(report.clusters[0]!.seizures).toHaveLength(3);
      const together = json<{ together: boolean }>(
        runCli([
          'arms',
          'links',
          '--db',
          ctx.url,
          '--json',
          '--together',
          'SZ-2021-ABK,SZ-2022-SIN,SZ-2022-QAY',
        ]),
      );
      expect(together.together).toBe(true);
    },
    SLOW,
  );

  it(
    'reproduces the reference shares from the demo world',
    () => {
      const c = json<{
        seizures: { seizure_id: string; groups: Group[] }[];
        overall: { total: number; groups: Group[] };
      }>(runCli(['arms', 'composition', '--db', ctx.url, '--json']));
      const shares = c.seizures.map((s) =>
        Math.round(s.groups.find((g) => g.label === 'Type 68')!.share * 100),
      );
      expect(shares).toEqual([12, 5, 9]);
      const ar = json<{ overall: { total: number; groups: Group[] } }>(
        runCli([
          'arms',
          'composition',
          '--db',
          ctx.url,
          '--json',
          '--within-type',
          'assault_rifle',
        ]),
      );
      expect(ar.overall.groups[0]).toMatchObject({ label: 'Type 68', count: 18, share: 0.1 });
      expect(ar.overall.groups[0]!.p_value).toBeLessThan(1e-20);
      const one = json<{ seizures: unknown[] }>(
        runCli([
          'arms',
          'composition',
          '--db',
          ctx.url,
          '--json',
          '--seizure',
          'SZ-2022-SIN',
          '--by',
          'country',
        ]),
      );
      expect(one.seizures).toHaveLength(1);
      const text = runCli([
        'arms',
        'composition',
        '--db',
        ctx.url,
        '--within-type',
        'assault_rifle',
      ]);
      expect(text.stdout).toMatch(/Type 68\s+18\s+10\.0 %/);
    },
    SLOW,
  );

  it(
    'imports a messy seizures file in its own case and links it',
    () => {
      expect(runCli(['cases', 'add', 'fixture', 'Fixture', '--db', ctx.url]).code).toBe(0);
      for (const [kind, file] of [
        ['baseline', 'baseline.csv'],
        ['seizures', 'three-seizures.csv'],
      ]) {
        expect(
          runCli(['import', kind!, fixture(file!), '--db', ctx.url, '--case', 'fixture']).code,
        ).toBe(0);
      }
      const c = json<{ seizures: { groups: Group[] }[] }>(
        runCli(['arms', 'composition', '--db', ctx.url, '--case', 'fixture', '--json']),
      );
      expect(c.seizures.map((s) => Math.round(s.groups[0]!.share * 100))).toEqual([12, 5, 9]);
      const r = json<{ links: Link[] }>(
        runCli(['arms', 'links', '--db', ctx.url, '--case', 'fixture', '--json']),
      );
      expect(r.links.map((l) => l.kind).sort()).toEqual([
        'ammunition_lot',
        'component_serial',
        'serial_run',
      ]);
      const hits = json<{ hits: { item_id: string }[] }>(
        runCli([
          'arms',
          'search',
          '--serial',
          '68*7701?6',
          '--db',
          ctx.url,
          '--case',
          'fixture',
          '--json',
        ]),
      );
      expect(hits.hits.map((h) => h.item_id).sort()).toEqual(['alpha-4', 'charlie-10']);
      const t = json<{ groups: { label: string; quantity: number }[] }>(
        runCli(['arms', 'timeline', '--db', ctx.url, '--case', 'fixture', '--json']),
      );
      expect(t.groups.find((g) => g.label === 'Type 68')!.quantity).toBe(18);
    },
    SLOW,
  );

  it(
    'shows and edits the alias mapping, and applies it',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'arms-alias-'));
      const file = join(dir, 'x.csv');
      writeFileSync(
        file,
        'seizure_id,item_id,category,type,model,quantity\nX-1,x1,weapon,assault_rifle,Kal-68 rifle,3\nX-1,x2,weapon,assault_rifle,Type 68,1\n',
      );
      expect(runCli(['cases', 'add', 'aliases', 'Aliases', '--db', ctx.url]).code).toBe(0);
      expect(runCli(['import', 'seizures', file, '--db', ctx.url, '--case', 'aliases']).code).toBe(
        0,
      );
      const labels = () =>
        json<{ overall: { groups: Group[] } }>(
          runCli(['arms', 'composition', '--db', ctx.url, '--case', 'aliases', '--json']),
        ).overall.groups.map((g) => [g.label, g.count]);
      expect(labels()).toEqual([
        ['Kal-68 rifle', 3],
        ['Type 68', 1],
      ]);
      expect(
        runCli(['arms', 'aliases', 'set', 'model', 'KAL 68 Rifle', 'Type 68', '--db', ctx.url])
          .code,
      ).toBe(0);
      const list = json<{
        aliases: { kind: string; alias: string; canonical: string; source: string }[];
      }>(runCli(['arms', 'aliases', 'list', '--kind', 'model', '--db', ctx.url, '--json']));
      expect(list.aliases).toContainEqual({
        kind: 'model',
        alias: 'KAL 68 Rifle',
        canonical: 'Type 68',
        source: 'store',
      });
      expect(list.aliases.some((a) => a.alias === 'T68' && a.source === 'builtin')).toBe(true);
      expect(labels()).toEqual([['Type 68', 4]]);
      expect(
        runCli(['arms', 'aliases', 'delete', 'model', 'KAL 68 Rifle', '--db', ctx.url]).code,
      ).toBe(0);
      expect(labels()).toHaveLength(2);
      const bad = runCli(['arms', 'aliases', 'set', 'colour', 'a', 'b', '--db', ctx.url]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/CP_BAD_OPTION/);
    },
    SLOW,
  );

  it(
    'refuses a bad row with file, line and field',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'arms-bad-'));
      const file = join(dir, 'bad.csv');
      writeFileSync(file, 'seizure_id,item_id,category,quantity\nB-1,b1,Weapon,\nB-1,b2,rifle,2\n');
      const r = runCli(['import', 'seizures', file, '--db', ctx.url, '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stderr).error).toMatchObject({
        code: 'CP_IMPORT_BAD_ROW',
        file: 'bad.csv',
        line: 3,
        field: 'category',
      });
    },
    SLOW,
  );
});
