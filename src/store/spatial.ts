import { sql } from 'kysely';
import { ChokepointError } from '../core/errors.ts';
import { distanceKm } from '../geo/offset.ts';
import { polygonsCover } from '../geo/polygon.ts';
import type { Position } from 'geojson';
import type { Incident } from '../incidents/schema.ts';
import type { Store } from './connect.ts';
import { rowToIncident } from './incidents.ts';
import { PG_POINT } from './rollups.ts';
import type { IncidentRow } from './types.ts';

/**
 * Incidents near a point (issue 24, item 3: incidents near a seizure), on both databases
 * with the same answers. PostgreSQL with PostGIS: ST_DWithin over the incidents' geography
 * on a sphere (use_spheroid false), served by the GiST index of migration 0013. SQLite
 * (and PostgreSQL without PostGIS): the (case, lat, lon) index narrows to the bounding box,
 * then the haversine distance of src/geo decides. Both take the sphere of mean radius
 * 6 371.0088 km (IUGG), so a point is in or out alike on both.
 */
export interface NearHit {
  incident: Incident;
  km: number;
}

/** Whether this PostgreSQL store can use PostGIS (installed by migration 0013 when the server has it). */
async function hasPostgis(store: Store): Promise<boolean> {
  const r = await sql<{
    ok: boolean;
  }>`select to_regprocedure('public.st_dwithin(public.geography, public.geography, double precision, boolean)') is not null as ok`.execute(
    store.db,
  );
  return Boolean(r.rows[0]?.ok);
}

export async function incidentsNear(
  store: Store,
  caseIds: string[],
  at: { lat: number; lon: number },
  km: number,
  limit = 500,
): Promise<NearHit[]> {
  if (!(Math.abs(at.lat) <= 90 && Math.abs(at.lon) <= 180))
    throw new ChokepointError('CP_BAD_REQUEST', 'the point is not a latitude and longitude', {
      field: 'lat',
      expected: 'lat in [-90, 90], lon in [-180, 180]',
    });
  if (!(km > 0 && km <= 2000))
    throw new ChokepointError('CP_BAD_REQUEST', 'the radius is out of range', {
      field: 'km',
      expected: 'a distance in km, above 0 and at most 2000',
    });
  if (caseIds.length === 0) return [];
  const rows =
    store.dialect === 'postgres' && (await hasPostgis(store))
      ? await postgisCandidates(store, caseIds, at, km)
      : await boxCandidates(store, caseIds, at, km);
  const chosen = rows
    .map((r) => ({ spot: r, km: distanceKm(at.lat, at.lon, r.lat, r.lon) }))
    .filter((h) => h.km <= km)
    .sort((a, b) => a.km - b.km || a.spot.id.localeCompare(b.spot.id))
    .slice(0, limit);
  const incidents = await incidentsAt(
    store,
    chosen.map((h) => h.spot),
  );
  return chosen.map((h, i) => ({ incident: incidents[i]!, km: h.km }));
}

/**
 * An incident's key, point and date: what the spatial queries decide and order by. The
 * whole rows are read only for the incidents answered (a province may hold a hundred
 * thousand incidents, of which a page shows five hundred).
 */
interface Spot {
  case_id: string;
  id: string;
  date: string | null;
  lat: number;
  lon: number;
}

const SPOT = sql.raw('case_id, id, date, lat, lon');

/** The whole incidents of these spots, in their order. */
async function incidentsAt(store: Store, spots: Spot[]): Promise<Incident[]> {
  if (spots.length === 0) return [];
  const key = (r: { case_id: string; id: string }) => `${r.case_id}\u0000${r.id}`;
  const rows = new Map<string, IncidentRow>();
  for (let i = 0; i < spots.length; i += 1000) {
    const part = spots.slice(i, i + 1000);
    const found = await store.db
      .selectFrom('incidents')
      .selectAll()
      .where('case_id', 'in', [...new Set(part.map((s) => s.case_id))])
      .where(
        'id',
        'in',
        part.map((s) => s.id),
      )
      .execute();
    for (const r of found) rows.set(key(r), r);
  }
  return spots.map((s) => rowToIncident(rows.get(key(s))!));
}

async function postgisCandidates(
  store: Store,
  caseIds: string[],
  at: { lat: number; lon: number },
  km: number,
): Promise<Spot[]> {
  const r = await sql<Spot>`
    select ${SPOT} from incidents
    where case_id in (${sql.join(caseIds)}) and merged_into is null
      and lat is not null and lon is not null
      and public.st_dwithin(${sql.raw(PG_POINT)},
            public.geography(public.st_setsrid(public.st_makepoint(${at.lon}, ${at.lat}), 4326)),
            ${km * 1000}, false)`.execute(store.db);
  return r.rows;
}

/** The rows inside the bounding box of the circle (longitudes widened by the latitude; the box never crosses ±180 here: clamped). */
async function boxCandidates(
  store: Store,
  caseIds: string[],
  at: { lat: number; lon: number },
  km: number,
): Promise<Spot[]> {
  const dLat = (km / 6371.0088) * (180 / Math.PI);
  const maxLat = Math.min(90, Math.abs(at.lat) + dLat);
  const dLon = maxLat >= 89.9 ? 180 : dLat / Math.cos((maxLat * Math.PI) / 180);
  return boxRows(store, caseIds, [
    Math.max(-180, at.lon - dLon),
    at.lat - dLat,
    Math.min(180, at.lon + dLon),
    at.lat + dLat,
  ]);
}

/** The case's incidents whose point is inside the box [min lon, min lat, max lon, max lat] (the (case, lat, lon) index). */
function boxRows(
  store: Store,
  caseIds: string[],
  [minLon, minLat, maxLon, maxLat]: [number, number, number, number],
): Promise<Spot[]> {
  return store.db
    .selectFrom('incidents')
    .select(['case_id', 'id', 'date', 'lat', 'lon'])
    .where('case_id', 'in', caseIds)
    .where('merged_into', 'is', null)
    .where('lat', '>=', minLat)
    .where('lat', '<=', maxLat)
    .where('lon', '>=', minLon)
    .where('lon', '<=', maxLon)
    .execute() as Promise<Spot[]>;
}

/** An area to look within: a MultiPolygon's coordinates ([lon, lat]) and their bounding box. */
export interface AreaShape {
  polygons: Position[][][];
  /** [min lon, min lat, max lon, max lat]. */
  bbox: [number, number, number, number];
}

/**
 * Incidents whose point lies within an area, boundary included (issue 24, item 3: places
 * within a province polygon), newest first. PostgreSQL with PostGIS: ST_Covers of the area
 * (planar lon/lat geometry, as the area is drawn) over each point, the candidates narrowed
 * by the incidents' GiST index to a box around the area — widened, since that index is on
 * the sphere, where an edge between two points of one latitude bulges towards the pole.
 * SQLite (and PostgreSQL without PostGIS): the (case, lat, lon) index narrows to the box
 * and `polygonsCover` decides, by the same rule, so both give the same incidents.
 */
export async function incidentsWithin(
  store: Store,
  caseIds: string[],
  area: AreaShape,
  limit = 500,
): Promise<Incident[]> {
  if (caseIds.length === 0) return [];
  const rows =
    store.dialect === 'postgres' && (await hasPostgis(store))
      ? await postgisWithin(store, caseIds, area)
      : (await boxRows(store, caseIds, area.bbox)).filter((r) =>
          polygonsCover(area.polygons, r.lat, r.lon),
        );
  return incidentsAt(
    store,
    rows
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.id.localeCompare(b.id))
      .slice(0, limit),
  );
}

async function postgisWithin(store: Store, caseIds: string[], area: AreaShape): Promise<Spot[]> {
  const [minLon, minLat, maxLon, maxLat] = area.bbox;
  // A great-circle edge across w degrees of longitude strays about (w/2)²/2 radians of
  // latitude from the parallel: a margin of half a degree plus that keeps the box a superset.
  const w = ((maxLon - minLon) * Math.PI) / 180;
  const margin = 0.5 + ((w / 2) ** 2 / 2) * (180 / Math.PI);
  const geojson = JSON.stringify({ type: 'MultiPolygon', coordinates: area.polygons });
  const r = await sql<Spot>`
    select ${SPOT} from incidents
    where case_id in (${sql.join(caseIds)}) and merged_into is null
      and lat is not null and lon is not null
      and ${sql.raw(PG_POINT)} operator(public.&&) public.geography(public.st_makeenvelope(
            ${Math.max(-180, minLon - margin)}, ${Math.max(-90, minLat - margin)},
            ${Math.min(180, maxLon + margin)}, ${Math.min(90, maxLat + margin)}, 4326))
      and public.st_covers(public.st_setsrid(public.st_geomfromgeojson(${geojson}), 4326),
            public.st_setsrid(public.st_makepoint(lon, lat), 4326))`.execute(store.db);
  return r.rows;
}
