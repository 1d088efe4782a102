import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.ts';
import { nearPoint, withinProvince } from '../../app/incidents.ts';
import { CASE_A, startWorld, type World } from '../testing.ts';

interface Near {
  items: { km: number; incident: { id: string; lat: number | null; lon: number | null } }[];
}

/**
 * `GET …/incidents/near` (issue 24) answers what `incidents near` does: the same incidents,
 * nearest first, with their distances; a point off the globe is a coded 400.
 */
describeEachStore('API incidents near a point', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(ctx.store);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('gives the incidents within the distance, nearest first, as the application does', async () => {
    const hits = await nearPoint(ctx.store, { caseId: CASE_A, lat: 35.0, lon: 40.4, km: 300 });
    expect(hits.length).toBeGreaterThan(0);
    const r = await w.call(
      'viewer',
      'GET',
      `/api/cases/${CASE_A}/incidents/near?lat=35.0&lon=40.4&km=300`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as Near;
    expect(body.items.map((h) => h.incident.id)).toEqual(hits.map((h) => h.incident.id));
    const km = body.items.map((h) => h.km);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(Math.max(...km)).toBeLessThanOrEqual(300);
  });

  it('gives the incidents within a province as the application does, any spelling', async () => {
    const app = await withinProvince(ctx.store, { caseId: CASE_A, province: 'SY.07' });
    expect(app.items.length).toBeGreaterThan(0);
    const r = await w.call(
      'viewer',
      'GET',
      `/api/cases/${CASE_A}/incidents/within?province=${encodeURIComponent('Dayr az Zawr')}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as { province: { code: string }; items: { id: string }[] };
    expect(body.province.code).toBe('SY.07');
    expect(body.items.map((i) => i.id)).toEqual(app.items.map((i) => i.id));
    const unknown = await w.call(
      'viewer',
      'GET',
      `/api/cases/${CASE_A}/incidents/within?province=Atlantis`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'CP_NOT_FOUND', field: 'province' } });
  });

  it('refuses a point off the globe with a coded 400', async () => {
    const r = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/incidents/near?lat=91&lon=0`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'CP_BAD_REQUEST', field: 'querystring.lat' } });
  });
});
