import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { ensureCase } from '../store/cases.ts';
import { importFile } from '../store/importer.ts';
import { listAlerts } from '../store/watchlist.ts';
import { CASE_A, startWorld, type World } from './testing.ts';

const fixture = (name: string) => new URL(`../resolve/fixtures/${name}`, import.meta.url).pathname;

interface Scored {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  match: boolean;
  features: Record<string, number>;
  explanations: Record<string, { score: number; weight: number; contribution: number }>;
}
interface MatchResponse {
  responses: Record<
    string,
    { status: number; results: Scored[]; total: { value: number }; query: unknown }
  >;
  matcher: Record<string, { coefficient: number }>;
  limit: number;
}

describeEachStore('API: lists, alerts and the yente-compatible routes', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(ctx.store);
    await importFile(ctx.store, 'sanctions', fixture('sdn.xml'));
    await importFile(ctx.store, 'sanctions', fixture('eu-list.xml'));
    await importFile(ctx.store, 'ftm', 'parties.jsonl', {
      caseId: CASE_A,
      text: JSON.stringify({
        id: 'p-ceylan',
        schema: 'Company',
        properties: { name: ['Ceylan Kimya Sanayi Ltd Sti'] },
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('POST /api/match/{dataset} answers in yente shape, per query id', async () => {
    const body = {
      queries: {
        q1: {
          schema: 'Person',
          properties: { name: ['Youssef Darwich'], birthDate: ['1978-03-12'] },
        },
        q2: { schema: 'Company', properties: { name: 'Nobody Atall Holdings' } },
      },
    };
    const res = await w.call('viewer', 'POST', '/api/match/default?limit=3', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const doc = res.body as MatchResponse;
    expect(Object.keys(doc.responses)).toEqual(['q1', 'q2']);
    const [top] = doc.responses.q1!.results;
    expect(top).toMatchObject({
      id: 'ofac-47001',
      schema: 'Person',
      datasets: ['us-ofac-sdn'],
      match: true,
    });
    expect(top!.score).toBeGreaterThanOrEqual(0.75);
    expect(top!.features.birth_date_match).toBe(1);
    expect(top!.explanations.birth_date_match!.weight).toBeGreaterThan(0);
    expect(doc.responses.q1!.query).toEqual(body.queries.q1);
    expect(doc.responses.q2!.results).toEqual([]);
    expect(doc.limit).toBe(3);
    expect(doc.matcher.name_literal!.coefficient).toBe(1);
    // A yente dataset name, underscores and all, names the list.
    const one = await w.call('viewer', 'POST', '/api/match/us_ofac_sdn', body);
    expect((one.body as MatchResponse).responses.q1!.results[0]!.id).toBe('ofac-47001');
    const eu = await w.call('viewer', 'POST', '/api/match/eu-fsf', body);
    expect((eu.body as MatchResponse).responses.q1!.results).toEqual([]);
  });

  it('answers from a new list version at once, not from the index built before it', async () => {
    const body = {
      queries: { q: { schema: 'Company', properties: { name: ['Orontes Drone Parts'] } } },
    };
    const before = await w.call('viewer', 'POST', '/api/match/us-ofac-sdn', body);
    expect((before.body as MatchResponse).responses.q!.results).toEqual([]);
    // As the CLI would, next to the running server: a new version of the list.
    const xml = readFileSync(fixture('sdn.xml'), 'utf8').replace(
      '</sdnList>',
      '<sdnEntry><uid>47004</uid><lastName>ORONTES DRONE PARTS</lastName><sdnType>Entity</sdnType></sdnEntry>\n</sdnList>',
    );
    await importFile(ctx.store, 'sanctions', 'sdn.xml', { text: xml });
    const after = await w.call('viewer', 'POST', '/api/match/us-ofac-sdn', body);
    expect((after.body as MatchResponse).responses.q!.results.map((r) => r.id)).toEqual([
      'ofac-47004',
    ]);
  });

  it('refuses an unknown dataset, a bad algorithm and callers without a token', async () => {
    const body = { queries: { q: { schema: 'Person', properties: { name: ['X'] } } } };
    const missing = await w.call('viewer', 'POST', '/api/match/nowhere', body);
    expect(missing.status).toBe(404);
    expect((missing.body as { error: { code: string } }).error.code).toBe('CP_NOT_FOUND');
    expect(
      (await w.call('viewer', 'POST', '/api/match/default?algorithm=magic', body)).status,
    ).toBe(400);
    expect(
      (await w.call('viewer', 'POST', '/api/match/default?algorithm=logic-v1', body)).status,
    ).toBe(200);
    expect((await w.call('anonymous', 'POST', '/api/match/default', body)).status).toBe(401);
  });

  it('GET /api/search/{dataset} and /api/catalog', async () => {
    const res = await w.call(
      'viewer',
      'GET',
      '/api/search/default?q=Euphrates%20Chemical%20Trading&limit=2',
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const doc = res.body as {
      results: Scored[];
      total: { value: number };
      limit: number;
      offset: number;
    };
    expect(doc.results[0]!.id).toBe('ofac-47002');
    expect(doc.limit).toBe(2);
    const one = await w.call('viewer', 'GET', '/api/entities/ofac-47002');
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toMatchObject({
      id: 'ofac-47002',
      schema: 'LegalEntity',
      datasets: ['us-ofac-sdn'],
      last_change: '2025-03-14',
    });
    expect((await w.call('viewer', 'GET', '/api/entities/nobody')).status).toBe(404);
    const cat = await w.call('viewer', 'GET', '/api/catalog');
    const names = (cat.body as { datasets: { name: string; children: string[] }[] }).datasets.map(
      (d) => d.name,
    );
    expect(names).toEqual(['eu-fsf', 'us-ofac-sdn', 'default']);
  });

  it('lists, list changes, alerts and decisions through the case routes', async () => {
    const lists = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/lists`);
    const items = (
      lists.body as {
        items: { id: string; published: string; issuer: string; last_import: object }[];
      }
    ).items;
    expect(items.find((l) => l.id === 'eu-fsf')).toMatchObject({
      published: '2025-03-10',
      last_import: { added: 2, changed: 0, removed: 0 },
    });
    const versions = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/lists/eu-fsf/versions`);
    expect((versions.body as { items: { version: number; added: number }[] }).items).toMatchObject([
      { version: 1, added: 2 },
    ]);
    const changes = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/lists/eu-fsf/changes`);
    expect((changes.body as { changes: unknown[] }).changes).toHaveLength(2);

    const alerts = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/alerts?state=new`);
    expect(alerts.status, JSON.stringify(alerts.body)).toBe(200);
    const ceylan = (
      alerts.body as {
        items: { id: string; party_id: string; entry_id: string; list_name: string }[];
      }
    ).items.find((a) => a.party_id === 'p-ceylan')!;
    expect(ceylan).toMatchObject({ entry_id: 'eu-fsf-90012', list_name: 'eu-fsf' });
    // A viewer may read but not decide; an analyst decides.
    const url = `/api/cases/${CASE_A}/alerts/${ceylan.id}/decision`;
    expect((await w.call('viewer', 'POST', url, { decision: 'match' })).status).toBe(403);
    const decided = await w.call('analyst', 'POST', url, {
      decision: 'no_match',
      note: 'other firm',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({
      state: 'no_match',
      decided_by: w.users.analyst.username,
      note: 'other firm',
    });
    const after = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/alerts?state=new`);
    expect((after.body as { items: { id: string }[] }).items.map((a) => a.id)).not.toContain(
      ceylan.id,
    );

    // A hit of names screened by hand is decided too; both decisions are there for calibration.
    const hand = await w.call('analyst', 'POST', `/api/cases/${CASE_A}/screening/decisions`, {
      query: { id: 'n1', name: 'Youssef Darwich', schema: 'Person' },
      list: 'us-ofac-sdn',
      entity_id: 'ofac-47001',
      decision: 'unsure',
    });
    expect(hand.status, JSON.stringify(hand.body)).toBe(200);
    const decisions = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/screening/decisions`);
    const ds = (
      decisions.body as { items: { decision: string; alert_id: string | null; score: number }[] }
    ).items;
    expect(ds.map((d) => d.decision)).toEqual(['no_match', 'unsure']);
    expect(ds[1]!.alert_id).toBeNull();
    expect(ds[1]!.score).toBeGreaterThan(0.75);
  });

  it('a list uploaded through the API raises alerts on its own (the import job runs the watchlist)', async () => {
    // A case of its own, whose party only the uploaded list names, never read through the API.
    await ensureCase(ctx.store.db, 'case-watch', 'Watch');
    await importFile(ctx.store, 'ftm', 'party.jsonl', {
      caseId: 'case-watch',
      text: JSON.stringify({
        id: 'p-sky',
        schema: 'Company',
        properties: { name: ['Sky Bridge Freight FZE'] },
      }),
    });
    const form = new FormData();
    form.append(
      'file',
      new Blob([readFileSync(fixture('uk-list.csv'), 'utf8')], { type: 'text/csv' }),
      'ConList.csv',
    );
    const res = await fetch(`${w.base}/api/cases/${CASE_A}/imports?kind=sanctions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.tokens.analyst}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    await expect
      .poll(
        async () =>
          ((await w.call('analyst', 'GET', `/api/jobs/${id}`)).body as { state: string }).state,
        { timeout: 60_000, interval: 200 },
      )
      .toBe('succeeded');
    // Read from the store, not through GET …/alerts (which would re-screen itself).
    const alerts = await listAlerts(ctx.store.db, 'case-watch', { state: 'new' });
    expect(alerts.map((a) => [a.party_id, a.list_id, a.entry_id])).toEqual([
      ['p-sky', 'gb-hmt-ofsi', 'gb-hmt-16002'],
    ]);
  });

  it('screening hits name the list, its issuer and date', async () => {
    const res = await w.call('viewer', 'POST', `/api/cases/${CASE_A}/screen`, {
      names: [{ id: 'n1', name: 'Khalid Hussein Al-Jubouri', schema: 'Person' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const hit = (res.body as { items: { hits: Record<string, unknown>[] }[] }).items[0]!.hits[0]!;
    expect(hit).toMatchObject({
      list: 'eu-fsf',
      list_id: 'eu-fsf',
      list_published: '2025-03-10',
      list_version: 1,
    });
    expect(String(hit.list_issuer)).toMatch(/European Union/);
  });
});
