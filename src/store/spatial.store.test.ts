import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { distanceKm } from '../geo/offset.ts';
import type { Incident } from '../incidents/schema.ts';
import { ensureCase } from './connect.ts';
import { loadIncidents } from './incidents.ts';
import { incidentsNear, incidentsWithin } from './spatial.ts';
import { findProvince } from '../geo/provinces.ts';
import { polygonsCover } from '../geo/polygon.ts';

/** Incidents on a 0.1° grid around Deir ez-Zor (35.33 N, 40.14 E), 41 × 41 points. */
function grid(): Incident[] {
  const out: Incident[] = [];
  for (let i = -20; i <= 20; i++)
    for (let j = -20; j <= 20; j++)
      out.push({
        id: `g${i}_${j}`,
        text: null,
        date: '2021-01-10',
        date_precision: 'day',
        country: 'Syria',
        country_code: 'SY',
        admin1: 'Deir ez-Zor',
        admin2: null,
        place: null,
        anchor_place: null,
        offset_km: null,
        offset_dir: null,
        lat: Math.round((35.33 + i / 10) * 1000) / 1000,
        lon: Math.round((40.14 + j / 10) * 1000) / 1000,
        geo_precision: 1,
        event_type: null,
        sub_event_type: null,
        attack_type: 'ied',
        perpetrator: null,
        target: null,
        killed: 1,
        wounded: null,
        casualties_total: null,
        attribution: 'unknown',
        sources: [],
        confidence: null,
      } as unknown as Incident);
  return out;
}

describeEachStore('incidents near a point (issue 24, item 3)', (ctx, dialect) => {
  it('finds exactly the incidents within the radius, nearest first, as the haversine distance says', async () => {
    await ensureCase(ctx.store.db, 'geo', 'Geo');
    const all = grid();
    await loadIncidents(ctx.store, 'geo', [all]);
    const at = { lat: 35.4, lon: 40.1 };
    for (const km of [5, 23.5, 60]) {
      const hits = await incidentsNear(ctx.store, ['geo'], at, km, 10_000);
      const expected = all
        .map((i) => ({ id: i.id, km: distanceKm(at.lat, at.lon, i.lat!, i.lon!) }))
        .filter((x) => x.km <= km)
        .sort((a, b) => a.km - b.km || a.id.localeCompare(b.id));
      expect(hits.map((h) => h.incident.id)).toEqual(expected.map((x) => x.id));
      expect(hits.length).toBeGreaterThan(0);
    }
    // The point itself (a grid point) comes first, at 0 km.
    const [first] = await incidentsNear(ctx.store, ['geo'], { lat: 35.33, lon: 40.14 }, 1);
    expect(first).toMatchObject({ incident: { id: 'g0_0' }, km: 0 });
    // The CLI gives the same incidents, nearest first.
    const cli = runCli([
      'incidents',
      'near',
      '--db',
      ctx.url,
      '--case',
      'geo',
      '--lat',
      String(at.lat),
      '--lon',
      String(at.lon),
      '--km',
      '23.5',
      '--limit',
      '10000',
      '--json',
    ]);
    expect(cli.stderr).toBe('');
    const lines = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    expect(lines.map((l) => l.id)).toEqual(
      (await incidentsNear(ctx.store, ['geo'], at, 23.5, 10_000)).map((h) => h.incident.id),
    );
    await expect(incidentsNear(ctx.store, ['geo'], { lat: 95, lon: 0 }, 5)).rejects.toMatchObject({
      code: 'CP_BAD_REQUEST',
    });
  });

  it('finds exactly the incidents within a province area, its edges included, as the polygon test says', async () => {
    await ensureCase(ctx.store.db, 'area', 'Area');
    const area = findProvince('Deir ez-Zor', 'SY');
    const [minLon, minLat, maxLon, maxLat] = area.bbox;
    // Points every 0.125° over the area's box and a little beyond: half of them on the
    // 0.25° grid's lines, where cells of two provinces meet and boundaries are decided.
    const points: Incident[] = [];
    for (let lat = minLat - 0.5; lat <= maxLat + 0.5; lat += 0.125)
      for (let lon = minLon - 0.5; lon <= maxLon + 0.5; lon += 0.125)
        points.push({
          ...grid()[0]!,
          id: `p${points.length}`,
          date: `2021-01-${String(1 + (points.length % 28)).padStart(2, '0')}`,
          lat: Math.round(lat * 1000) / 1000,
          lon: Math.round(lon * 1000) / 1000,
          admin1: null,
        });
    await loadIncidents(ctx.store, 'area', [points]);
    const got = await incidentsWithin(ctx.store, ['area'], area, 100_000);
    const expected = points.filter((p) => polygonsCover(area.polygons, p.lat!, p.lon!));
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.length).toBeLessThan(points.length);
    expect(new Set(got.map((i) => i.id))).toEqual(new Set(expected.map((p) => p.id)));
    // Newest first; ties by id.
    const dates = got.map((i) => i.date ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    // A point on an edge between two provinces is in both.
    const onEdge = expected.find((p) => (p.lat! * 4) % 1 === 0 && (p.lon! * 4) % 1 === 0);
    expect(onEdge).toBeDefined();
    // The CLI gives the same incidents, from a name in another spelling.
    const cli = runCli([
      'incidents',
      'within',
      'Dayr az Zawr',
      '--country',
      'SY',
      '--db',
      ctx.url,
      '--case',
      'area',
      '--limit',
      '100000',
      '--json',
    ]);
    expect(cli.stderr).toBe('');
    const ids = cli.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(got.map((i) => i.id));
  });

  it.runIf(dialect === 'postgres')('answers from PostGIS through its GiST index', async () => {
    const r = await sql<{
      ok: boolean;
    }>`select to_regprocedure('public.st_dwithin(public.geography, public.geography, double precision, boolean)') is not null as ok`.execute(
      ctx.store.db,
    );
    expect(r.rows[0]!.ok).toBe(true);
    const idx = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'incidents_geo'`.execute(
      ctx.store.db,
    );
    expect(idx.rows[0]!.indexdef).toMatch(/USING gist/);
  });
});
