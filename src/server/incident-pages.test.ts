import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { describeEachStore } from '../../test/stores.ts';
import { IncidentRecord } from '../incidents/schema.ts';
import { pageOf } from './schemas.ts';
import { CASE_A, startWorld, type World } from './testing.ts';

/**
 * GET …/incidents with keyset paging (issue 18, item 3): `cursor` → `next_cursor`, the
 * envelope `{items, total, limit, offset}` kept with `total_exact` beside it, filters
 * and saves between pages, and the refusals.
 */
interface Page {
  items: { id: string; date: string | null; country: string | null }[];
  total: number;
  total_exact: boolean;
  limit: number;
  offset: number;
  next_cursor: string | null;
}

describeEachStore('API incident pages', (ctx) => {
  let w: World;
  const A = `/api/cases/${CASE_A}`;
  beforeAll(async () => {
    w = await startWorld(ctx.store);
  });
  afterAll(async () => {
    await w?.close();
  });

  const get = async (query: string) => {
    const r = await w.call('viewer', 'GET', `${A}/incidents?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as Page;
  };
  const walk = async (query: string, between?: (k: number) => Promise<void>) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let k = 0; k < 1000; k++) {
      const p = await get(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...p.items.map((i) => i.id));
      if (!p.next_cursor) return ids;
      cursor = p.next_cursor;
      await between?.(k);
    }
    throw new Error('never ends');
  };

  it('pages by cursor through what one big page holds, both ways, with the envelope', async () => {
    for (const sort of ['date', '-date']) {
      const all = await get(`limit=1000&sort=${sort}`);
      expect(all).toMatchObject({ limit: 1000, offset: 0, total_exact: true, next_cursor: null });
      expect(all.total).toBe(all.items.length);
      expect(all.items.length).toBeGreaterThan(10);
      // Written without the response schema's encoder (a hot read): it still fits it,
      // field for field.
      const schema = pageOf(IncidentRecord.strict())
        .extend({ total_exact: z.boolean(), next_cursor: z.string().nullable() })
        .strict();
      expect(schema.safeParse(all).error).toBeUndefined();
      expect(await walk(`limit=4&sort=${sort}`)).toEqual(all.items.map((i) => i.id));
      const first = await get(`limit=4&sort=${sort}`);
      expect(first.next_cursor).toEqual(expect.any(String));
      expect(first.total).toBe(all.items.length);
    }
  });

  it('filters folded names and keeps every row once while incidents are saved', async () => {
    const syria = await get('limit=1000&country=SYRIA');
    expect(syria.items.length).toBeGreaterThan(0);
    expect(syria.items.every((i) => i.country?.toLowerCase() === 'syria')).toBe(true);
    expect((await get('limit=1000&country=syria')).items).toEqual(syria.items);
    const saved: string[] = [];
    const ids = await walk('limit=3&country=syria', async (k) => {
      const id = `api-page-${k}`;
      const r = await w.call('analyst', 'POST', `${A}/incidents`, {
        incidents: [
          {
            id,
            text: 'saved between pages',
            date: '2099-01-01',
            country: 'Syria',
            attribution: 'unknown',
          },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      saved.push(id);
    });
    // Every row there before once, in order; rows saved later than the cursor, once too.
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, syria.items.length)).toEqual(syria.items.map((i) => i.id));
    expect(ids.slice(syria.items.length)).toEqual(saved);
  });

  it('counts on request and refuses a bent cursor or a cursor with an offset', async () => {
    const counted = await get('limit=2&count=true');
    expect(counted.total_exact).toBe(true);
    expect(counted.total).toBe((await get('limit=1000')).total);
    const bad = await w.call('viewer', 'GET', `${A}/incidents?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'CP_BAD_REQUEST', field: 'querystring.cursor' },
    });
    const c = (await get('limit=2')).next_cursor!;
    const both = await w.call('viewer', 'GET', `${A}/incidents?cursor=${c}&offset=2`);
    expect(both.status).toBe(400);
    const otherSort = await w.call('viewer', 'GET', `${A}/incidents?cursor=${c}&sort=-date`);
    expect(otherSort.status).toBe(400);
  });

  it('documents the cursor and the flag in the OpenAPI document', async () => {
    const doc = (await w.call('anonymous', 'GET', '/openapi.json')).body as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    const op = doc.paths['/api/cases/{caseId}/incidents']!.get!;
    expect(op.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['cursor', 'count', 'perpetrator', 'limit', 'offset']),
    );
    expect(JSON.stringify(op)).toContain('next_cursor');
  });
});
