import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { previousPeriod, summarise } from '../incidents/summary.ts';
import { ensureCase, sqliteHandle, type Store } from './connect.ts';
import { inTransaction } from './copy.ts';
import { importFile } from './importer.ts';
import { refreshRollup } from './rollups.ts';
import { searchRecords } from './search.ts';
import {
  applyIncidentMerges,
  importAcled,
  incidentSummary,
  proposeIncidentMerges,
  revertIncidentMerge,
  summaryRows,
} from './incidents.ts';

const DEMO = fileURLToPath(new URL('../../data/demo/incidents.jsonl', import.meta.url));
const ACLED = fileURLToPath(new URL('../incidents/fixtures/acled-current.csv', import.meta.url));

/** The summary as the incidents themselves give it (summarise over every row), the roll-up's oracle. */
async function fromRows(store: Store, caseId: string, from: string, to: string) {
  const rows = await summaryRows(store.db, [caseId], previousPeriod(from, to).from, to);
  return summarise(rows, from, to);
}

/** The roll-up's summary equals the incidents' own for several periods (a week, a month, a year). */
async function expectRollupExact(store: Store, caseId: string) {
  for (const [from, to] of [
    ['2021-01-07', '2021-01-13'],
    ['2021-01-01', '2021-01-31'],
    ['2020-06-01', '2021-05-31'],
    // Whole months read from month cells, the edges from day cells.
    ['2020-12-15', '2021-02-10'],
  ] as const) {
    expect(await incidentSummary(store.db, [caseId], from, to)).toEqual(
      await fromRows(store, caseId, from, to),
    );
  }
}

describeEachStore('incident roll-up (issue 24)', (ctx, dialect) => {
  it('gives the summary of the incidents through imports, a re-import that moves dates, merges and reverts', async () => {
    await importFile(ctx.store, 'incidents', DEMO, { caseId: 'default' });
    const first = await incidentSummary(ctx.store.db, ['default'], '2021-01-07', '2021-01-13');
    expect(first.totals.attacks).toBe(39);
    await expectRollupExact(ctx.store, 'default');

    // ACLED rows into the same case (on PostgreSQL: COPY into a temporary table, then upsert).
    await importFile(ctx.store, 'acled', ACLED, { caseId: 'default' });
    await expectRollupExact(ctx.store, 'default');
    const before = await incidentSummary(ctx.store.db, ['default'], '2021-01-07', '2021-01-13');

    // A re-import that moves one incident out of the week, to March.
    const moved = readFileSync(DEMO, 'utf8')
      .split('\n')
      .map((l) =>
        l.includes('"id": "demo-inc-01"')
          ? l.replace('"date": "2021-01-11"', '"date": "2021-03-02"')
          : l,
      )
      .join('\n');
    expect(moved).toContain('"date": "2021-03-02"');
    await importFile(ctx.store, 'incidents', 'moved.jsonl', { caseId: 'default', text: moved });
    await expectRollupExact(ctx.store, 'default');
    const after = await incidentSummary(ctx.store.db, ['default'], '2021-01-07', '2021-01-13');
    expect(after.totals.attacks).toBe(before.totals.attacks - 1);

    const proposals = await proposeIncidentMerges(ctx.store.db, ['default']);
    expect(proposals.length).toBeGreaterThan(0);
    await applyIncidentMerges(ctx.store.db, 'default', proposals);
    await expectRollupExact(ctx.store, 'default');
    const merged = await incidentSummary(ctx.store.db, ['default'], '2020-06-01', '2021-05-31');
    await revertIncidentMerge(ctx.store.db, ['default'], proposals[0]!.merge_id);
    await expectRollupExact(ctx.store, 'default');
    const reverted = await incidentSummary(ctx.store.db, ['default'], '2020-06-01', '2021-05-31');
    expect(reverted.totals.attacks).toBeGreaterThan(merged.totals.attacks);
  });

  it('adds up the cells of a first import in memory exactly as grouping the table does', async () => {
    await ensureCase(ctx.store.db, 'cells', 'Cells');
    await importFile(ctx.store, 'incidents', DEMO, { caseId: 'cells' });
    await importFile(ctx.store, 'acled', ACLED, { caseId: 'cells' });
    const cells = () =>
      ctx.store.db
        .selectFrom('incident_rollup')
        .selectAll()
        .where('case_id', '=', 'cells')
        .orderBy(['dim', 'day', 'k1', 'k2'])
        .execute();
    const added = await cells();
    expect(added.length).toBeGreaterThan(100);
    await ctx.store.db
      .transaction()
      .execute((trx) => refreshRollup(trx, 'cells', '2000-01-01', '2030-12-31'));
    expect(await cells()).toEqual(added);
  });

  it(`streams ACLED into ${dialect} all or nothing, its roll-up and search index current (COPY on PostgreSQL)`, async () => {
    await ensureCase(ctx.store.db, 'stream', 'Streamed');
    await ensureCase(ctx.store.db, 'plain', 'Imported');
    const text = readFileSync(ACLED, 'utf8');
    // Parsed on a worker thread, as a large file is; `import acled` parses this small one on its own thread.
    const stream = async (caseId: string, t: string, file: string) =>
      (
        await inTransaction(ctx.store, (db) =>
          importAcled(ctx.store, db, caseId, t, file, { worker: true }),
        )
      ).rows;
    expect(await stream('stream', text, 'a.csv')).toBe(4);
    await importFile(ctx.store, 'acled', ACLED, { caseId: 'plain' });
    // SQLite keeps no copy of the text (contentless FTS5): its keys and titles, and what the
    // bodies' words find; PostgreSQL's table holds the bodies too.
    const searchOf = async (caseId: string) =>
      dialect === 'sqlite'
        ? (
            await ctx.store.db
              .selectFrom('search_keys')
              .select(['record_kind', 'record_id', 'title'])
              .where('case_id', '=', caseId)
              .orderBy('record_id')
              .execute()
          ).map((r) => ({ ...r }))
        : (
            await ctx.store.db
              .selectFrom('search_index')
              .select(['record_kind', 'record_id', 'title', 'body'])
              .where('case_id', '=', caseId)
              .orderBy('record_id')
              .execute()
          ).map((r) => ({ ...r }));
    expect(await searchOf('stream')).toEqual(await searchOf('plain'));
    expect(await searchOf('stream')).toHaveLength(4);
    // As indexRecords keeps an entry: the display title, U+0001, its fold; the folded body.
    expect((await searchOf('stream')).find((r) => r.record_id === 'SYR70001')).toMatchObject({
      record_kind: 'incident',
      title: '2021-01-09 · Al Mayadin · ied\u00012021 01 09 al mayadin ied',
      ...(dialect === 'sqlite'
        ? {}
        : { body: expect.stringContaining('al mayadin deir ez zor deir ez zor syria') }),
    });
    for (const words of ['deir ez zor syria', 'mayadin', 'syria'])
      expect(
        (await searchRecords(ctx.store.db, dialect, ['stream'], words)).map((h) => h.record_id),
      ).toEqual(
        (await searchRecords(ctx.store.db, dialect, ['plain'], words)).map((h) => h.record_id),
      );
    expect(
      (await searchRecords(ctx.store.db, dialect, ['stream'], 'mayadin')).map((h) => h.record_id),
    ).toEqual(['SYR70001']);
    const rowsOf = async (caseId: string) =>
      (
        await ctx.store.db
          .selectFrom('incidents')
          .selectAll()
          .where('case_id', '=', caseId)
          .orderBy('id')
          .execute()
      ).map((r) => ({ ...r, case_id: null, created_at: null }));
    // The same rows as the import that parses first and writes after.
    expect(await rowsOf('stream')).toEqual(await rowsOf('plain'));
    await expectRollupExact(ctx.store, 'stream');
    expect(
      (await incidentSummary(ctx.store.db, ['stream'], '2021-01-01', '2021-01-31')).totals,
    ).toEqual((await incidentSummary(ctx.store.db, ['plain'], '2021-01-01', '2021-01-31')).totals);

    // A bad row late in the file: nothing of it stays, the roll-up neither.
    const bad = text
      .replace('SYR70001', 'SYR70009')
      .replace('2021-01-10,2021,2', 'not-a-date,2021,2');
    await ensureCase(ctx.store.db, 'refused', 'Refused');
    await expect(stream('refused', bad, 'b.csv')).rejects.toMatchObject({
      code: 'CP_IMPORT_BAD_ROW',
      message: expect.stringMatching(/b\.csv, line 4, field "event_date"/),
    });
    expect(await rowsOf('refused')).toEqual([]);
    const cells = await ctx.store.db
      .selectFrom('incident_rollup')
      .select('day')
      .where('case_id', '=', 'refused')
      .execute();
    expect(cells).toEqual([]);
    // Streaming again into a case that holds the rows replaces them in place, one moved
    // from January to May: both months' days are re-added.
    const moved = text.replace('SYR70001,2021-01-09,2021', 'SYR70001,2021-05-09,2021');
    expect(await stream('stream', moved, 'a.csv')).toBe(4);
    await expectRollupExact(ctx.store, 'stream');
    expect(await stream('stream', text, 'a.csv')).toBe(4);
    expect(await rowsOf('stream')).toEqual(await rowsOf('plain'));
    await expectRollupExact(ctx.store, 'stream');
    // Re-imported records' search entries replaced, not doubled.
    expect(await searchOf('stream')).toEqual(await searchOf('plain'));
    if (dialect === 'sqlite') expect(sqliteHandle(ctx.store)!.inTransaction).toBe(false);
  });
});
