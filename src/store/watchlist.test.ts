import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { ChokepointError } from '../core/errors.ts';
import { loadHandler } from '../jobs/registry.ts';
import { caseAlerts, decideAlert, refreshWatchlists } from '../app/watchlist.ts';
import { screenNames } from '../app/screening.ts';
import { importFile } from './importer.ts';
import { listChanges, listLists, listVersions } from './lists.ts';
import { screeningDecisions } from './watchlist.ts';

const fixture = (name: string) => new URL(`../resolve/fixtures/${name}`, import.meta.url).pathname;
const text = (name: string) => readFileSync(fixture(name), 'utf8');

function writeParties(dir: string, file: string, parties: object[]): string {
  const path = join(dir, file);
  writeFileSync(path, parties.map((p) => JSON.stringify(p)).join('\n'));
  return path;
}

describeEachStore('list versions and the watchlist', (ctx) => {
  it('records issuer, title, date and what each re-import added, changed and removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-versions-'));
    await importFile(ctx.store, 'sanctions', fixture('eu-list.xml'));
    const [eu] = await listLists(ctx.store.db);
    expect(eu).toMatchObject({
      id: 'eu-fsf',
      format: 'eu_xml',
      published: '2025-03-10',
      version: 1,
      entities: 2,
    });
    expect(eu!.issuer).toMatch(/European Union/);
    // The next version: one entry gains an alias, one leaves, one arrives.
    const v2 = text('eu-list.xml')
      .replace('generationDate="2025-03-10', 'generationDate="2025-03-17')
      .replace(
        '<citizenship region="" countryIso2Code="IQ"',
        '<nameAlias wholeName="Khaled al-Jabouri" strong="true"/>\n    <citizenship region="" countryIso2Code="IQ"',
      )
      .replace(/<sanctionEntity[^>]*logicalId="90012">[\s\S]*?<\/sanctionEntity>/, '')
      .replace(
        '</export>',
        '<sanctionEntity euReferenceNumber="EU.9003.01" logicalId="90013"><subjectType code="enterprise"/><nameAlias wholeName="Sky Bridge Freight FZE" strong="true"/></sanctionEntity>\n</export>',
      );
    writeFileSync(join(dir, 'eu-v2.xml'), v2);
    await importFile(ctx.store, 'sanctions', join(dir, 'eu-v2.xml'));
    const versions = await listVersions(ctx.store.db, 'eu-fsf');
    expect(versions.map((v) => [v.version, v.published, v.added, v.changed, v.removed])).toEqual([
      [2, '2025-03-17', 1, 1, 1],
      [1, '2025-03-10', 2, 0, 0],
    ]);
    const diff = await listChanges(ctx.store.db, 'eu-fsf');
    expect(diff.changes.map((c) => [c.change, c.entity_id])).toEqual([
      ['added', 'eu-fsf-90013'],
      ['changed', 'eu-fsf-90011'],
      ['removed', 'eu-fsf-90012'],
    ]);
    expect((await listChanges(ctx.store.db, 'eu-fsf', 1)).changes).toHaveLength(2);
    await expect(listChanges(ctx.store.db, 'eu-fsf', 9)).rejects.toMatchObject({
      code: 'CP_NOT_FOUND',
    });
  });

  it('OFAC alt.csv amends the version sdn.csv opened: a re-import of both changes nothing', async () => {
    for (let i = 0; i < 2; i++) {
      await importFile(ctx.store, 'sanctions', fixture('sdn.csv'));
      await importFile(ctx.store, 'sanctions', fixture('alt.csv'));
    }
    const [v2, v1] = await listVersions(ctx.store.db, 'us-ofac-sdn');
    expect([v1!.added, v1!.changed, v1!.removed]).toEqual([4, 0, 0]);
    expect([v2!.version, v2!.added, v2!.changed, v2!.removed]).toEqual([2, 0, 0, 0]);
  });

  it('hits name their list, issuer and date (not the file format)', async () => {
    await importFile(ctx.store, 'sanctions', fixture('opensanctions.ftm.json'));
    const [r] = await screenNames(ctx.store, {
      names: [{ id: 'q', schema: 'Company', names: ['Sky Bridge Freight FZE'] }],
    });
    const hit = r!.hits.find((h) => h.entity_id === 'NK-9fZk3Wd')!;
    expect(hit).toMatchObject({
      list: 'gb_hmt_sanctions',
      list_id: 'gb-hmt-sanctions',
      list_published: '2025-02-20',
      list_version: 1,
    });
  });
});

describeEachStore('the watchlist', (ctx) => {
  it('alerts on new hits once, keeps decisions, re-opens them when the entry changes, and screens added parties', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-watch-'));
    const parties = writeParties(dir, 'parties.jsonl', [
      {
        id: 'p-khalid',
        schema: 'Person',
        properties: { name: ['Khalid Hussein Al-Jubouri'], birthDate: ['1974-06-12'] },
      },
      { id: 'p-sky', schema: 'Company', properties: { name: ['Sky Bridge Freight FZE'] } },
      { id: 'p-other', schema: 'Company', properties: { name: ['Orontes Bakery Supplies'] } },
    ]);
    await importFile(ctx.store, 'ftm', parties);
    await importFile(ctx.store, 'sanctions', fixture('eu-list.xml'));
    await importFile(ctx.store, 'sanctions', fixture('sdn.xml'));
    // Two refreshes at once (the web page's read beside an import's) raise each alert once.
    await Promise.all([
      refreshWatchlists(ctx.store, 'default'),
      refreshWatchlists(ctx.store, 'default'),
    ]);
    const first = await caseAlerts(ctx.store, 'default', { state: 'new' });
    expect(first.map((a) => [a.party_id, a.entry_id, a.reason])).toEqual([
      ['p-khalid', 'eu-fsf-90011', 'new_hit'],
    ]);
    expect(first[0]!.list_name).toBe('eu-fsf');
    expect(first[0]!.score).toBeGreaterThanOrEqual(0.7);
    expect(Object.keys(first[0]!.features).length).toBeGreaterThan(0);

    const decided = await decideAlert(ctx.store, 'default', first[0]!.id, {
      decision: 'match',
      by: 'analyst',
      note: 'same passport',
    });
    expect(decided.alert).toMatchObject({
      state: 'match',
      decided_by: 'analyst',
      note: 'same passport',
    });
    // The same list again: nothing new, and the decision stands.
    await importFile(ctx.store, 'sanctions', fixture('eu-list.xml'));
    expect(await caseAlerts(ctx.store, 'default', { state: 'new' })).toEqual([]);

    // The entry changes and Sky Bridge is listed: the decided alert opens again, one new alert.
    const v2 = text('eu-list.xml')
      .replace('number="A7712034"', 'number="A7712035"')
      .replace(
        '</export>',
        '<sanctionEntity logicalId="90013"><subjectType code="enterprise"/><nameAlias wholeName="Sky Bridge Freight FZE" strong="true"/></sanctionEntity>\n</export>',
      );
    writeFileSync(join(dir, 'eu-v2.xml'), v2);
    await importFile(ctx.store, 'sanctions', join(dir, 'eu-v2.xml'));
    const [refresh] = await refreshWatchlists(ctx.store, 'default');
    expect(refresh).toMatchObject({
      parties_screened: 0,
      entries_screened: 2,
      created: 1,
      realerted: 1,
    });
    const again = await caseAlerts(ctx.store, 'default', { state: 'new', refresh: false });
    expect(again.map((a) => [a.party_id, a.entry_id, a.reason]).sort()).toEqual([
      ['p-khalid', 'eu-fsf-90011', 'entry_changed'],
      ['p-sky', 'eu-fsf-90013', 'new_hit'],
    ]);

    // A party added to the case is screened against every list.
    await importFile(
      ctx.store,
      'ftm',
      writeParties(dir, 'more.jsonl', [
        { id: 'p-darwish', schema: 'Person', properties: { name: ['Youssef Darwich'] } },
      ]),
    );
    const [added] = await refreshWatchlists(ctx.store, 'default');
    expect(added).toMatchObject({ parties_screened: 1, entries_screened: 0 });
    const darwish = (await caseAlerts(ctx.store, 'default', { refresh: false })).filter(
      (a) => a.party_id === 'p-darwish',
    );
    expect(darwish.map((a) => a.entry_id)).toEqual(['ofac-47001']);

    // The same through the job kind 'lists.rescreen', as the job system runs it.
    const job = await loadHandler('lists.rescreen');
    const jobCtx = {
      progress: () => undefined,
      count: () => undefined,
      signal: new AbortController().signal,
      actor: 'test',
    };
    expect(await job(ctx.store, { case_id: 'default' }, jobCtx)).toMatchObject({
      cases: [{ case_id: 'default', created: 0, realerted: 0 }],
    });
    await expect(job(ctx.store, { case_id: 5 }, jobCtx)).rejects.toBeInstanceOf(ChokepointError);

    const decisions = await screeningDecisions(ctx.store.db, { caseId: 'default' });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      decision: 'match',
      entity_id: 'eu-fsf-90011',
      list_id: 'eu-fsf',
      decided_by: 'analyst',
    });
    expect((decisions[0]!.query as { names: string[] }).names).toEqual([
      'Khalid Hussein Al-Jubouri',
    ]);
    expect(
      (decisions[0]!.entry as { properties: { passportNumber: string[] } }).properties
        .passportNumber,
    ).toEqual(['A7712034']);
  });
});
