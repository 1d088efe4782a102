import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ensureCase, openStore } from './connect.ts';
import { indexRecords, searchRecords } from './search.ts';

describe('the contentless search index on SQLite (0016)', () => {
  it('moves the entries of a store from before it across, each found as before', async () => {
    const url = join(mkdtempSync(join(tmpdir(), 'cp-search-')), 'search.db');
    let store = await openStore({ url });
    await ensureCase(store.db, 'c1', 'One');
    // The store as 0001 and 0002 left it: the FTS5 table with its text, keys by rowid
    // (one stale FTS row without a key, as a replaced entry never leaves one, to be dropped).
    await sql`drop table search_fts`.execute(store.db);
    await sql`drop table search_keys`.execute(store.db);
    await sql`create virtual table search_index using fts5(case_id unindexed, record_kind unindexed, record_id unindexed, title, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(
      store.db,
    );
    await sql`create table search_rowids (case_id text not null, record_kind text not null, record_id text not null, fts_rowid integer not null, primary key (case_id, record_kind, record_id))`.execute(
      store.db,
    );
    const entries = [
      [
        1,
        'incident',
        'I-1',
        'Al Mayadin · ied\u0001al mayadin ied',
        'al mayadin deir ez zor syria',
      ],
      [2, 'entity', 'E-7', 'Sanliurfa Trading\u0001sanliurfa trading', 'sanliurfa turkey'],
      [3, 'incident', 'I-2', 'Hajin · armed assault\u0001hajin armed assault', 'hajin deir ez zor'],
      [4, 'incident', 'I-old', 'stale\u0001stale', 'stale hajin'],
    ] as const;
    for (const [rowid, kind, id, title, body] of entries) {
      await sql`insert into search_index (rowid, case_id, record_kind, record_id, title, body) values (${rowid}, 'c1', ${kind}, ${id}, ${title}, ${body})`.execute(
        store.db,
      );
      if (id !== 'I-old')
        await sql`insert into search_rowids values ('c1', ${kind}, ${id}, ${rowid})`.execute(
          store.db,
        );
    }
    await sql`delete from kysely_migration where name = '0016_search_contentless'`.execute(
      store.db,
    );
    await store.close();
    store = await openStore({ url });
    try {
      const ids = async (q: string) =>
        (await searchRecords(store.db, 'sqlite', ['c1'], q)).map((h) => h.record_id).sort();
      expect(await ids('deir ez zor')).toEqual(['I-1', 'I-2']);
      expect(await ids('hajin')).toEqual(['I-2']);
      expect(await searchRecords(store.db, 'sqlite', ['c1'], 'sanliurfa')).toEqual([
        { case_id: 'c1', record_kind: 'entity', record_id: 'E-7', title: 'Sanliurfa Trading' },
      ]);
      // The old tables are gone; an entry replaced after the move is found by its new words only.
      const tables = await sql<{ name: string }>`
        select name from sqlite_master where name in ('search_index', 'search_rowids')`.execute(
        store.db,
      );
      expect(tables.rows).toEqual([]);
      await indexRecords(store.db, 'c1', [
        { record_kind: 'incident', record_id: 'I-2', title: 'Hajin', body: 'abu kamal' },
      ]);
      expect(await ids('hajin')).toEqual(['I-2']);
      expect(await ids('deir ez zor')).toEqual(['I-1']);
      expect(await ids('kamal')).toEqual(['I-2']);
    } finally {
      await store.close();
    }
  });
});
