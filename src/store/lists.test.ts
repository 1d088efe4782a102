import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { importFile } from './importer.ts';
import { listEntitiesOf, listLists } from './lists.ts';
import { listMerges, recordMerge, revertMerge } from './merges.ts';

const fixture = (name: string) => new URL(`../resolve/fixtures/${name}`, import.meta.url).pathname;

describeEachStore('sanctions lists and entity merges', (ctx) => {
  it('imports the UN XML, OFAC SDN with alt.csv and FtM lists, sniffed by content', async () => {
    await importFile(ctx.store, 'sanctions', fixture('un-list.xml'));
    await importFile(ctx.store, 'sanctions', fixture('sdn.csv'));
    const r = await importFile(ctx.store, 'sanctions', fixture('alt.csv'));
    expect(r.rows).toBe(3);
    await importFile(ctx.store, 'sanctions', fixture('list.ftm.jsonl'));
    const lists = await listLists(ctx.store.db);
    expect(lists.map((l) => [l.id, l.format, l.entities])).toEqual([
      ['list', 'ftm', 2],
      ['un-sc-consolidated', 'un_xml', 3],
      ['us-ofac-sdn', 'ofac_sdn', 4],
    ]);
    const sdn = await listEntitiesOf(ctx.store.db, ['us-ofac-sdn']);
    const darwish = sdn.find((e) => e.entity.id === 'ofac-36001')!;
    expect(darwish.entity.properties.alias).toContain('DARWISH, Youssef Ahmed');
  });

  it('replaces a list whole on re-import, and refuses a bad file leaving the list as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-lists-'));
    const smaller = join(dir, 'sdn.csv');
    writeFileSync(
      smaller,
      readFileSync(fixture('sdn.csv'), 'latin1').split('\r\n').slice(0, 2).join('\r\n') + '\r\n',
      'latin1',
    );
    await importFile(ctx.store, 'sanctions', smaller);
    expect((await listEntitiesOf(ctx.store.db, ['us-ofac-sdn'])).length).toBe(2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      '36001,"X","individual","P","-0-","-0-","-0-","-0-","-0-","-0-","-0-","-0-"\r\nabc,"Y","individual","P","-0-","-0-","-0-","-0-","-0-","-0-","-0-","-0-"\r\n',
    );
    await expect(importFile(ctx.store, 'sanctions', bad)).rejects.toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      location: { line: 2 },
    });
    expect((await listEntitiesOf(ctx.store.db, ['us-ofac-sdn'])).length).toBe(2);
  });

  it('records, lists and reverts merges', async () => {
    const m = await recordMerge(ctx.store.db, 'default', {
      canonical_id: 'a',
      member_ids: ['b', 'a'],
      explanation: { pairs: [] },
    });
    expect((await listMerges(ctx.store.db, 'default')).map((x) => x.id)).toContain(m.id);
    const r = await revertMerge(ctx.store.db, 'default', m.id);
    expect(r.reverted_at).not.toBeNull();
    expect((await listMerges(ctx.store.db, 'default')).map((x) => x.id)).not.toContain(m.id);
    expect(
      (await listMerges(ctx.store.db, 'default', { includeReverted: true })).find(
        (x) => x.id === m.id,
      )!.member_ids,
    ).toEqual(['a', 'b']);
    await expect(revertMerge(ctx.store.db, 'default', m.id)).rejects.toMatchObject({
      code: 'CP_CONFLICT',
    });
  });

  it('screens through the CLI, and dedupes parties with reversible merges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-screen-'));
    const names = join(dir, 'names.csv');
    writeFileSync(
      names,
      'id,name,schema\nq1,خالد حسين الجبوري,Person\nq2,Mehmet Şahin,Person\nq3,Nobody Atall,Person\n',
    );
    const s = runCli(['screen', names, '--db', ctx.url, '--json']);
    expect(s.stderr).toBe('');
    const lines = s.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            hits: { entity_id: string; list: string; features: object }[];
          },
      );
    expect(lines.map((l) => l.id)).toEqual(['q1', 'q2', 'q3']);
    expect(lines[0]!.hits[0]!.entity_id).toBe('unsc-900101');
    expect(lines[0]!.hits[0]!.list).toBe('un-sc-consolidated');
    expect(lines[2]!.hits).toEqual([]);

    const ftm = join(dir, 'parties.jsonl');
    writeFileSync(
      ftm,
      [
        { id: 'p1', schema: 'Company', properties: { name: ['Al Noor Trading LLC'] } },
        { id: 'p2', schema: 'Company', properties: { name: ['Al-Nour Trading Co.'] } },
        { id: 'p3', schema: 'Person', properties: { name: ['Yusuf Darwish'] } },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    expect(runCli(['import', 'ftm', ftm, '--db', ctx.url]).code).toBe(0);
    const parties = runCli(['screen', '--db', ctx.url, '--json', '--list', 'us-ofac-sdn']);
    expect(parties.code).toBe(0);
    const p3 = parties.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; hits: { entity_id: string }[] })
      .find((l) => l.id === 'p3')!;
    expect(p3.hits.map((h) => h.entity_id)).toContain('ofac-36001');

    const proposed = runCli(['names', 'dedupe', '--db', ctx.url, '--json']);
    const clusters = proposed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { members: string[]; merge_id: string | null });
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members).toEqual(['p1', 'p2']);
    expect(clusters[0]!.merge_id).toBeNull();
    const applied = JSON.parse(
      runCli(['names', 'dedupe', '--apply', '--db', ctx.url, '--json']).stdout.trim(),
    ) as { merge_id: string };
    expect(applied.merge_id).toMatch(/^merge_/);
    expect(runCli(['names', 'dedupe', '--db', ctx.url, '--json']).stdout.trim()).toBe('');
    expect(runCli(['names', 'split', applied.merge_id, '--db', ctx.url]).code).toBe(0);
    expect(runCli(['names', 'dedupe', '--db', ctx.url, '--json']).stdout.trim()).not.toBe('');
  }, 600_000);

  it('takes --list on import sanctions', async () => {
    const r = runCli([
      'import',
      'sanctions',
      fixture('list.ftm.jsonl'),
      '--list',
      'Watch list 2',
      '--db',
      ctx.url,
    ]);
    expect(r.code).toBe(0);
    expect((await listLists(ctx.store.db)).map((l) => l.id)).toContain('watch-list-2');
  }, 120_000);
});
