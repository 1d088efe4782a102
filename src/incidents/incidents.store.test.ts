import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { sqliteHandle, type Store } from '../store/connect.ts';
import { ChokepointError } from '../core/errors.ts';
import { importFile } from '../store/importer.ts';
import {
  applyIncidentMerges,
  getIncident,
  incidentSummary,
  listIncidents,
  loadIncidentColumns,
  proposeIncidentMerges,
  revertIncidentMerge,
} from '../store/incidents.ts';

const DEMO = fileURLToPath(new URL('../../data/demo/incidents.jsonl', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describeEachStore('incidents in the store', (ctx) => {
  it('summarises the demo week against the week before as the bulletin would', async () => {
    await importFile(ctx.store, 'incidents', DEMO, { caseId: 'default' });
    const s = await incidentSummary(ctx.store.db, ['default'], '2021-01-07', '2021-01-13');
    // By hand from data/demo/incidents.jsonl, 7–13 January 2021 (40 incidents, one an arrest):
    // killed 1+3+1+1+1+2+1+1+1 (Syria) + 2+2+1+2+3 (Iraq) + 2 (Sinai) + 3+5 (Nigeria) + 15+3 (Congo) + 1+1 (Afghanistan) = 52;
    // wounded 1+2+2+1 (Syria) + 1+1 (Iraq) = 8; casualties 52 + 8 + 20 ("about 20 killed or wounded", Borno) = 80.
    expect(s.totals).toEqual({
      attacks: 39,
      killed: 52,
      wounded: 8,
      casualties: 80,
      casualties_per_attack: 2.05,
    });
    // 31 December 2020 – 6 January 2021: 10 attacks; killed 3+1+1+1 = 6; wounded 1+1+4+2+1 = 9.
    expect(s.previous).toEqual({
      attacks: 10,
      killed: 6,
      wounded: 9,
      casualties: 15,
      casualties_per_attack: 1.5,
    });
    expect(s.by_country.map((b) => [b.key, b.attacks])).toEqual([
      ['Syria', 15],
      // A tie on attacks goes to the larger casualty count: Nigeria 3+20+5 = 28, Iraq 12.
      ['Nigeria', 7],
      ['Iraq', 7],
      ['Egypt', 5],
      ['Afghanistan', 3],
      ['Democratic Republic of the Congo', 2],
    ]);
    expect(s.by_admin1.find((b) => b.key === 'Diyala')).toMatchObject({
      attacks: 3,
      killed: 5,
      wounded: 0,
      casualties: 5,
    });
    expect(s.by_attack_type.find((b) => b.key === 'ied')).toMatchObject({ attacks: 14 });
    expect(s.by_week).toEqual([
      { key: '2021-01-07', attacks: 39, killed: 52, wounded: 8, casualties: 80 },
    ]);
  });

  it('prints exactly the DESIGN.md summary shape from the CLI', () => {
    const r = runCli([
      'summary',
      '--from',
      '2021-01-07',
      '--to',
      '2021-01-13',
      '--compare',
      'previous',
      '--json',
      '--db',
      ctx.url,
    ]);
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(Object.keys(s)).toEqual([
      'from',
      'to',
      'totals',
      'previous',
      'by_country',
      'by_admin1',
      'by_attack_type',
      'by_week',
      // Added by issue 19 after the contract's fields, which keep their order.
      'by_event_type',
      'by_actor',
    ]);
    expect(Object.keys(s.totals)).toEqual([
      'attacks',
      'killed',
      'wounded',
      'casualties',
      'casualties_per_attack',
    ]);
    expect(s.previous.attacks).toBe(10);
    const bad = runCli(['summary', '--from', '2021-01-13', '--to', '2021-01-07', '--db', ctx.url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/CP_BAD_DATE/);
  });

  it('imports ACLED and GTD with per-province counts and death sums equal to the files', async () => {
    await importFile(ctx.store, 'acled', fixture('acled-old.csv'), { caseId: 'default' });
    await importFile(ctx.store, 'gtd', fixture('gtd.csv'), { caseId: 'default' });
    const acled = (await listIncidents(ctx.store.db, { caseIds: ['default'] })).filter((i) =>
      i.id.startsWith('NIG'),
    );
    expect(acled.filter((i) => i.admin1 === 'Borno')).toHaveLength(2);
    expect(acled.reduce((a, i) => a + (i.killed ?? 0), 0)).toBe(6 + 4 + 0);
    const gtd = await getIncident(ctx.store.db, ['default'], '201602000002');
    expect(gtd).toMatchObject({
      killed: null,
      wounded: null,
      date_precision: 'month',
      admin1: 'Salah ad Din',
    });
  });

  it('import acled stores, indexes and re-imports a file in place, all or nothing', async () => {
    const { searchRecords } = await import('../store/search.ts');
    const { ensureCase } = await import('../store/connect.ts');
    // A case of its own: the suite's other tests share the default one.
    const caseId = 'acled-reimport';
    await ensureCase(ctx.store.db, caseId, 'ACLED re-import');
    const file = fixture('acled-current.csv');
    const search = async (q: string) =>
      (await searchRecords(ctx.store.db, ctx.store.dialect, [caseId], q)).map((h) => [
        h.record_id,
        h.title,
      ]);
    for (let round = 0; round < 2; round++) {
      expect((await importFile(ctx.store, 'acled', file, { caseId })).rows).toBe(4);
      const ids = (await listIncidents(ctx.store.db, { caseIds: [caseId] })).map((i) => i.id);
      expect(ids.sort()).toEqual(['EGY10004', 'IRQ50002', 'NGA30003', 'SYR70001']);
      // Re-importing replaces each record's search entry rather than adding a second.
      expect(await search('rutba')).toEqual([['IRQ50002', '2021-01-10 · Ar Rutbah · ambush']]);
    }
    expect(await getIncident(ctx.store.db, [caseId], 'SYR70001')).toMatchObject({
      sources: [
        { name: 'Khotwa', date: null },
        { name: 'Syrian Observatory for Human Rights', date: null },
      ],
      killed: 3,
      attack_type: 'ied',
      merged_into: null,
    });
    const dir = mkdtempSync(join(tmpdir(), 'cp-acled-bad-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      readFileSync(file, 'utf8').replace('SYR70001', 'SYR79999').replace(',3,,1610000000', ',x,,1'),
    );
    await expect(importFile(ctx.store, 'acled', bad, { caseId })).rejects.toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      location: { file: 'bad.csv', line: 2, field: 'fatalities' },
    });
    expect(await getIncident(ctx.store.db, [caseId], 'SYR79999')).toBeUndefined();
  });

  it('proposes, applies and reverts a merge of one attack reported twice', async () => {
    const twice = [
      {
        id: 'dup-a',
        date: '2022-05-01',
        date_precision: 'day',
        lat: 31.02,
        lon: 33.07,
        attack_type: 'ied',
        killed: 2,
        place: 'Tafaha',
        sources: [{ name: 'Local page', date: '2022-05-01' }],
      },
      {
        id: 'dup-b',
        date: '2022-05-02',
        lat: 31.04,
        lon: 33.09,
        attack_type: 'ied',
        sources: [{ name: 'Claim channel', date: '2022-05-02' }],
      },
    ];
    await importFile(ctx.store, 'incidents', 'dups.jsonl', {
      caseId: 'default',
      text: twice.map((t) => JSON.stringify(t)).join('\n'),
    });
    const proposals = (await proposeIncidentMerges(ctx.store.db, ['default'])).filter((p) =>
      p.kept_id.startsWith('dup-'),
    );
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({ kept_id: 'dup-a', merged_ids: ['dup-b'] });
    expect(await applyIncidentMerges(ctx.store.db, 'default', proposals)).toBe(1);
    expect(await getIncident(ctx.store.db, ['default'], 'dup-b')).toMatchObject({
      merged_into: 'dup-a',
    });
    expect(
      (await getIncident(ctx.store.db, ['default'], 'dup-a'))!.sources.map((s) => s.name),
    ).toEqual(['Local page', 'Claim channel']);
    expect(
      (
        await listIncidents(ctx.store.db, {
          caseIds: ['default'],
          from: '2022-05-01',
          to: '2022-05-02',
        })
      ).map((i) => i.id),
    ).toEqual(['dup-a']);
    await revertIncidentMerge(ctx.store.db, ['default'], proposals[0]!.merge_id);
    expect(await getIncident(ctx.store.db, ['default'], 'dup-b')).toMatchObject({
      merged_into: null,
    });
    expect(
      (await getIncident(ctx.store.db, ['default'], 'dup-a'))!.sources.map((s) => s.name),
    ).toEqual(['Local page']);
    await expect(
      revertIncidentMerge(ctx.store.db, ['default'], proposals[0]!.merge_id),
    ).rejects.toThrow(/already reverted/);
  });

  it('builds the columnar index from the store', async () => {
    const cols = await loadIncidentColumns(ctx.store, ['default']);
    const cells = cols.rollup('2021-01-07', '2021-01-13');
    expect(cells.reduce((a, c) => a + c.attacks, 0)).toBe(39);
    expect(cells.reduce((a, c) => a + c.casualties, 0)).toBe(80);
  });
});

it('extract runs from the CLI with no database, reading stdin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-extract-'));
  const r = runCli(['extract', '-', '--doc-date', '2022-06-16'], {
    input:
      'On Tuesday a roadside bomb killed two soldiers near Raqqa (Example Wire, June 15, 2022).\n',
    cwd: dir,
  });
  expect(r.code).toBe(0);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    date: '2022-06-14',
    killed: 2,
    admin1: 'Al-Raqqah',
    attack_type: 'ied',
    sources: [{ name: 'Example Wire', date: '2022-06-15' }],
  });
  writeFileSync(join(dir, 'x.txt'), readFileSync(fixture('bulletin-week.txt')));
  const f = runCli(['extract', join(dir, 'x.txt')], { cwd: dir });
  expect(f.stdout.trim().split('\n')).toHaveLength(8);
});

/** `importAcled` in a transaction of its own, parsing on a worker thread or not whatever the file's size. */
async function importAcledOn(
  store: Store,
  text: string,
  file: string,
  worker: boolean,
): Promise<number> {
  const { importAcled } = await import('../store/incidents.ts');
  const { inTransaction } = await import('../store/copy.ts');
  return (
    await inTransaction(store, (db) => importAcled(store, db, 'default', text, file, { worker }))
  ).rows;
}

it('imports an ACLED file on two threads all or nothing, as the single-thread path does', async () => {
  const { openStore } = await import('../store/connect.ts');
  const dir = mkdtempSync(join(tmpdir(), 'cp-stream2-'));
  const good = readFileSync(fixture('acled-current.csv'), 'utf8');
  const rowsOf = (store: Store) =>
    sqliteHandle(store)!.prepare('select * from incidents order by id').all() as Record<
      string,
      unknown
    >[];
  const single = await openStore({ url: join(dir, 'single.db') });
  const two = await openStore({ url: join(dir, 'two.db') });
  try {
    expect(await importAcledOn(single, good, 'a.csv', false)).toBe(4);
    expect(await importAcledOn(two, good, 'a.csv', true)).toBe(4);
    const strip = (r: Record<string, unknown>) => ({ ...r, created_at: null });
    expect(rowsOf(two).map(strip)).toEqual(rowsOf(single).map(strip));
    expect(rowsOf(two).find((r) => r.id === 'SYR70001')!.sources).toBe(
      '[{"name":"Khotwa","date":null},{"name":"Syrian Observatory for Human Rights","date":null}]',
    );
    // A bad row found by the parsing thread rolls back the rows the main thread wrote.
    const bad = good
      .replace('SYR70001', 'SYR70009')
      .replace('2021-01-10,2021,2', 'not-a-date,2021,2');
    for (const worker of [true, false]) {
      await expect(importAcledOn(two, bad, 'b.csv', worker)).rejects.toMatchObject({
        code: 'CP_IMPORT_BAD_ROW',
        message: expect.stringMatching(/b\.csv, line 4, field "event_date"/),
      });
    }
    expect(rowsOf(two).map((r) => r.id)).not.toContain('SYR70009');
    expect(rowsOf(two)).toHaveLength(4);
    expect(
      sqliteHandle(two)!
        .prepare("select name from sqlite_master where name = 'incidents_list'")
        .get(),
    ).toBeTruthy();
    expect(sqliteHandle(two)!.inTransaction).toBe(false);
    expect(sqliteHandle(two)!.pragma('foreign_keys', { simple: true })).toBe(1);
  } finally {
    await single.close();
    await two.close();
  }
});

it('keeps the code and line of a bad row the parsing thread finds deep in a large file', async () => {
  const { openStore } = await import('../store/connect.ts');
  const dir = mkdtempSync(join(tmpdir(), 'cp-stream-big-'));
  const [header, row] = readFileSync(fixture('acled-current.csv'), 'utf8').split('\n') as [
    string,
    string,
  ];
  // 6 000 rows: the worker posts groups of 1 024, so the main thread has written several
  // groups before the bad row (data row 5 000, file line 5 001) is reached.
  const rows = Array.from({ length: 6000 }, (_, i) => {
    const r = row.replace('SYR70001', `SYR8${String(i).padStart(5, '0')}`);
    return i === 4999 ? r.replace('2021-01-09,2021,1', '9 Smarch 2021,2021,1') : r;
  });
  const store = await openStore({ url: join(dir, 'big.db') });
  try {
    const err = await importAcledOn(
      store,
      `${header}\n${rows.join('\n')}\n`,
      'big.csv',
      true,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChokepointError);
    expect(err).toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      status: 400,
      location: { file: 'big.csv', line: 5001, field: 'event_date' },
      message: expect.stringMatching(/^big\.csv, line 5001, field "event_date"/),
    });
    const h = sqliteHandle(store)!;
    expect(h.prepare('select count(*) as n from incidents').get()).toEqual({ n: 0 });
    expect(h.inTransaction).toBe(false);
  } finally {
    await store.close();
  }
}, 60_000);

it('imports an ACLED file through `import` all or nothing, keeping the date index, logged', async () => {
  const { openStore } = await import('../store/connect.ts');
  const { listImports } = await import('../store/importer.ts');
  const dir = mkdtempSync(join(tmpdir(), 'cp-stream-'));
  const store = await openStore({ url: join(dir, 's.db') });
  try {
    const good = readFileSync(fixture('acled-current.csv'), 'utf8');
    const r = await importFile(store, 'acled', 'a.csv', { text: good });
    expect(r).toMatchObject({ kind: 'acled', rows: 4, mapping: expect.any(Object) });
    const bad = good
      .replace('SYR70001', 'SYR70009')
      .replace('2021-01-10,2021,2', 'not-a-date,2021,2');
    await expect(importFile(store, 'acled', 'b.csv', { text: bad })).rejects.toThrow(
      /b\.csv, line 4, field "event_date"/,
    );
    expect(
      (sqliteHandle(store)!.prepare('select count(*) as n from incidents').get() as { n: number })
        .n,
    ).toBe(4);
    expect(
      (await listImports(store.db, 'default')).map((i) => [i.file, i.status, i.rows]).sort(),
    ).toEqual([
      ['a.csv', 'done', 4],
      ['b.csv', 'refused', 0],
    ]);
    expect(
      sqliteHandle(store)!
        .prepare("select name from sqlite_master where name = 'incidents_list'")
        .get(),
    ).toBeTruthy();
    expect(sqliteHandle(store)!.pragma('foreign_keys', { simple: true })).toBe(1);
  } finally {
    await store.close();
  }
});
