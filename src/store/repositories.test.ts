import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { foldText } from '../core/fold.ts';
import type { Incident } from '../incidents/schema.ts';
import { getSeizure, listItems, listSeizures, pageSeizures } from './arms.ts';
import { ensureCase, getCase, listCases } from './cases.ts';
import { sqliteHandle } from './connect.ts';
import { loadDemo } from './demo.ts';
import { listEntities, pageEntities } from './entities.ts';
import { getImport, importFile, listImports, writeRecords } from './importer.ts';
import { getIncident, listIncidents, pageIncidents } from './incidents.ts';
import { listOrders, pageOrders } from './orders.ts';
import { searchRecords } from './search.ts';
import { evidenceFor } from './sources.ts';
import { caseRoleOf, createUser, grantRole, revokeRole } from './users.ts';

const FIXTURES = fileURLToPath(new URL('../server/fixtures/', import.meta.url));

// The repository functions that replaced the queries the API and the CLI built themselves:
// each answers for its one case only, and its pages add up to what the list functions give.
describeEachStore('repositories', (ctx, dialect) => {
  const A = 'repo-a';
  const B = 'repo-b';
  beforeAll(async () => {
    const { store } = ctx;
    await ensureCase(store.db, A, 'Case A');
    await ensureCase(store.db, B, 'Case B', 'the other one');
    await loadDemo(store, { caseId: A });
    for (const [kind, file] of [
      ['ftm', 'case-b.ftm.jsonl'],
      ['orders', 'case-b.orders.csv'],
      ['seizures', 'case-b.seizures.csv'],
      ['incidents', 'case-b.incidents.jsonl'],
    ] as const) {
      const text = await readFile(`${FIXTURES}${file}`, 'utf8');
      await importFile(store, kind, file, { caseId: B, text });
    }
  });

  it('keeps the raw SQLite handle off the store object', () => {
    const { store } = ctx;
    expect(Object.keys(store)).not.toContain('sqlite');
    if (dialect === 'sqlite') expect(sqliteHandle(store)?.open).toBe(true);
    else expect(sqliteHandle(store)).toBeUndefined();
  });

  it('makes a case once, finds it, and lists cases by id', async () => {
    const { store } = ctx;
    await ensureCase(store.db, B, 'renamed?');
    expect(await getCase(store.db, B)).toMatchObject({
      id: B,
      name: 'Case B',
      description: 'the other one',
    });
    expect(await getCase(store.db, 'repo-none')).toBeUndefined();
    const ids = (await listCases(store.db)).map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['default', A, B]));
  });

  it("answers a user's role on one case, and nothing once revoked", async () => {
    const { store } = ctx;
    const u = await createUser(store.db, {
      username: `repo-${dialect}`,
      password: 'long enough pw',
    });
    expect(await caseRoleOf(store.db, u.id, A)).toBeUndefined();
    await grantRole(store.db, u.id, A, 'viewer');
    await grantRole(store.db, u.id, A, 'analyst');
    expect(await caseRoleOf(store.db, u.id, A)).toBe('analyst');
    expect(await caseRoleOf(store.db, u.id, B)).toBeUndefined();
    await revokeRole(store.db, u.id, A);
    expect(await caseRoleOf(store.db, u.id, A)).toBeUndefined();
  });

  it('pages seizures with their item counts, and finds one seizure in its case only', async () => {
    const { store } = ctx;
    const all = await listSeizures(store.db, [A]);
    const items = await listItems(store.db, [A]);
    expect(all.length).toBeGreaterThan(2);
    const first = await pageSeizures(store.db, A, { limit: 2, offset: 0 });
    const rest = await pageSeizures(store.db, A, { limit: 1000, offset: 2 });
    expect(first.total).toBe(all.length);
    expect(first.items).toHaveLength(2);
    const paged = [...first.items, ...rest.items];
    expect(paged.map((s) => s.id)).toEqual(all.map((s) => s.id));
    for (const s of paged) {
      const sum = items.filter((i) => i.seizure_id === s.id).reduce((n, i) => n + i.quantity, 0);
      expect(s.items, s.id).toBe(sum);
    }
    const { case_id: _c, ...one } = all[0]!;
    expect(await getSeizure(store.db, A, one.id)).toEqual(one);
    expect(await getSeizure(store.db, B, one.id)).toBeUndefined();
    expect(await getSeizure(store.db, A, 'B-SZ-SECRET')).toBeUndefined();
    expect((await pageSeizures(store.db, B, { limit: 10, offset: 0 })).items).toEqual([
      expect.objectContaining({ id: 'B-SZ-SECRET', items: 301 }),
    ]);
  });

  it('pages orders by date in one case', async () => {
    const { store } = ctx;
    const all = await listOrders(store.db, [A]);
    const page = await pageOrders(store.db, A, { limit: 4, offset: 2 });
    expect(page.total).toBe(all.length);
    const byDate = [...all].sort(
      (a, b) =>
        (a.order_date ?? '').localeCompare(b.order_date ?? '') ||
        a.order_id.localeCompare(b.order_id),
    );
    expect(page.items).toEqual(byDate.slice(2, 6));
    expect(
      (await pageOrders(store.db, B, { limit: 10, offset: 0 })).items.map((o) => o.order_id),
    ).toEqual(['B-ORD-SECRET']);
  });

  it('pages entities by caption, by schema and by words', async () => {
    const { store } = ctx;
    const all = await listEntities(store.db, { caseIds: [A] });
    const page = await pageEntities(store, A, { limit: 1000, offset: 0 });
    expect(page.total).toBe(all.length);
    expect(page.items.map((e) => e.id).sort()).toEqual(all.map((e) => e.id).sort());
    const captions = page.items.map((e) => (e as { caption?: string }).caption ?? '');
    expect(captions).toEqual([...captions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const companies = await pageEntities(store, A, { limit: 1000, offset: 0, schema: 'Company' });
    expect(companies.total).toBe(all.filter((e) => e.schema === 'Company').length);
    expect(companies.items.every((e) => e.schema === 'Company')).toBe(true);
    const word = String(companies.items[0]!.caption).split(/\s+/)[0]!;
    const found = await pageEntities(store, A, { limit: 1000, offset: 0, q: word });
    expect(found.total).toBeGreaterThan(0);
    for (const e of found.items)
      expect(foldText(JSON.stringify(e))).toContain(foldText(word).split(' ')[0]);
    expect(await pageEntities(store, A, { limit: 10, offset: 0, q: 'zzqxnothing' })).toEqual({
      items: [],
      total: 0,
    });
  });

  it('pages incidents with their filters, newest first when asked', async () => {
    const { store } = ctx;
    const all = await listIncidents(store.db, { caseIds: [A] });
    const page = await pageIncidents(store, A, { limit: 1000, offset: 0 });
    expect(page.total).toBe(all.length);
    expect(page.items.map((i) => i.id)).toEqual(all.map((i) => i.id));
    const dates = all.flatMap((i) => (i.date ? [i.date] : [])).sort();
    const from = dates[5]!;
    const to = dates[20]!;
    const window = await pageIncidents(store, A, { limit: 5, offset: 0, from, to, sort: '-date' });
    const inWindow = all.filter((i) => i.date !== null && i.date >= from && i.date <= to);
    expect(window.total).toBe(inWindow.length);
    expect(window.items.map((i) => i.date)).toEqual(
      inWindow
        .map((i) => i.date)
        .sort()
        .reverse()
        .slice(0, 5),
    );
    const country = await pageIncidents(store, A, { limit: 1000, offset: 0, country: 'sy' });
    expect(country.total).toBe(all.filter((i) => i.country_code === 'SY').length);
    // By source, as its id or its title.
    const cited: string[] = [];
    for (const i of all)
      if (
        (await evidenceFor(store.db, A, i.id, 'incident')).some((s) => s.id === 'src-itic-2021-01')
      )
        cited.push(i.id);
    expect(cited.length).toBeGreaterThan(0);
    const bySource = await pageIncidents(store, A, {
      limit: 1000,
      offset: 0,
      source: 'src-itic-2021-01',
    });
    expect(bySource.items.map((i) => i.id).sort()).toEqual(cited.sort());
    const [ev] = await evidenceFor(store.db, A, cited[0]!, 'incident');
    const byTitle = await pageIncidents(store, A, { limit: 1000, offset: 0, source: ev!.title });
    expect(byTitle.total).toBeGreaterThanOrEqual(bySource.total);
    const none = await pageIncidents(store, B, {
      limit: 1000,
      offset: 0,
      source: 'src-itic-2021-01',
    });
    expect(none.total).toBe(0);
  });

  it('logs imports per case, newest first, refused ones with their error', async () => {
    const { store } = ctx;
    await expect(
      importFile(store, 'orders', 'bad.csv', {
        caseId: B,
        text: 'order_id\n',
        importId: 'imp-bad',
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^CP_/) });
    const log = await listImports(store.db, B);
    expect(log.map((r) => r.kind)).toEqual(expect.arrayContaining(['ftm', 'orders', 'seizures']));
    const started = log.map((r) => r.started_at);
    expect(started).toEqual([...started].sort().reverse());
    const bad = await getImport(store.db, B, 'imp-bad');
    expect(bad).toMatchObject({ status: 'refused', rows: 0, file: 'bad.csv' });
    expect(JSON.parse(bad!.error!)).toMatchObject({ code: expect.stringMatching(/^CP_/) });
    expect(await getImport(store.db, A, 'imp-bad')).toBeUndefined();
    expect((await listImports(store.db, A)).every((r) => r.case_id === A)).toBe(true);
  });

  it('writes validated records as an import would, all or nothing, without logging one', async () => {
    const { store } = ctx;
    const [model] = await listIncidents(store.db, { caseIds: [B] });
    const fresh: Incident = {
      ...model!,
      id: `repo-inc-${dialect}`,
      text: 'Quxbridge checkpoint raided',
    };
    const logged = (await listImports(store.db, B)).length;
    await writeRecords(store, 'incidents', B, [fresh]);
    expect(await getIncident(store.db, [B], fresh.id)).toMatchObject({ id: fresh.id, case_id: B });
    const hits = await searchRecords(store.db, store.dialect, [B], 'quxbridge checkpoint raided');
    expect(hits.map((h) => h.record_id)).toContain(fresh.id);
    expect(await listImports(store.db, B)).toHaveLength(logged);
    // A case that does not exist: the foreign key refuses the batch, and nothing stays.
    const orphan = { ...fresh, id: `repo-orphan-${dialect}` };
    await expect(
      writeRecords(store, 'incidents', 'repo-none', [{ ...orphan, id: `${orphan.id}-1` }, orphan]),
    ).rejects.toThrow();
    for (const id of [orphan.id, `${orphan.id}-1`])
      expect(await getIncident(store.db, ['repo-none'], id)).toBeUndefined();
    await expect(writeRecords(store, 'nonsense', B, [])).rejects.toMatchObject({
      code: 'CP_UNKNOWN_KIND',
    });
  });
});
