import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../../test/stores.ts';

const fixture = (name: string) =>
  new URL(`../../resolve/fixtures/${name}`, import.meta.url).pathname;

describeEachStore('CLI: lists, lists diff, alerts', (ctx) => {
  it('imports with what the file does not say, lists versions, and decides alerts', () => {
    const db = ['--db', ctx.url];
    const dir = mkdtempSync(join(tmpdir(), 'cp-lists-cli-'));
    const parties = join(dir, 'parties.jsonl');
    writeFileSync(
      parties,
      JSON.stringify({
        id: 'p-darwish',
        schema: 'Person',
        properties: { name: ['Yusuf Ahmad Darwish'], birthDate: ['1978-03-12'] },
      }),
    );
    expect(runCli(['import', 'ftm', parties, ...db]).code).toBe(0);
    // OFAC's CSV does not say when it was published: the user does.
    const imp = runCli(['import', 'sanctions', fixture('sdn.xml'), ...db]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stderr).toContain('1 new alert(s)');
    const csv = runCli([
      'import',
      'sanctions',
      fixture('sdn.csv'),
      '--list',
      'ofac-csv',
      '--published',
      '2025-03-01',
      ...db,
    ]);
    expect(csv.code, csv.stderr).toBe(0);

    const lists = JSON.parse(runCli(['lists', '--json', ...db]).stdout) as {
      id: string;
      issuer: string;
      published: string;
      version: number;
      last_import: { added: number };
    }[];
    expect(lists.map((l) => [l.id, l.published, l.version, l.last_import.added])).toEqual([
      ['ofac-csv', '2025-03-01', 1, 4],
      ['us-ofac-sdn', '2025-03-14', 1, 3],
    ]);
    expect(lists[0]!.issuer).toMatch(/OFAC/);
    const diff = JSON.parse(runCli(['lists', 'diff', 'us-ofac-sdn', '--json', ...db]).stdout) as {
      changes: { change: string; entity_id: string }[];
    };
    expect(diff.changes.map((c) => c.entity_id)).toEqual([
      'ofac-47001',
      'ofac-47002',
      'ofac-47003',
    ]);

    const history = runCli(['lists', 'versions', 'us-ofac-sdn', '--json', ...db])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { version: number; published: string });
    expect(history).toMatchObject([{ version: 1, published: '2025-03-14' }]);

    const alerts = runCli(['alerts', '--state', 'new', '--json', ...db])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; entry_id: string; list_id: string });
    expect(alerts.map((a) => [a.list_id, a.entry_id])).toEqual([['us-ofac-sdn', 'ofac-47001']]);
    const decided = runCli([
      'alerts',
      'decide',
      alerts[0]!.id,
      'match',
      '--note',
      'same DOB',
      ...db,
    ]);
    expect(decided.code, decided.stderr).toBe(0);
    expect(decided.stdout).toContain('is match');
    const after = runCli(['alerts', '--state', 'match', '--json', ...db]).stdout;
    expect(JSON.parse(after.trim())).toMatchObject({ id: alerts[0]!.id, note: 'same DOB' });

    const bad = runCli(['alerts', 'decide', alerts[0]!.id, 'maybe', ...db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CP_BAD_OPTION');
    expect(runCli(['lists', 'diff', 'nowhere', ...db]).stderr).toContain('CP_NOT_FOUND');
  }, 300_000);
});
