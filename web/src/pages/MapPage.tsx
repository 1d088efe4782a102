import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import 'leaflet/dist/leaflet.css';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { ErrorBox, fmt, Loading, text, useApp, useCaseApi } from '../lib.tsx';
import { setParams } from '../router.ts';
import { LayerToggle, MapFilters, MapLegend, TimeSlider } from './map/MapControls.tsx';
import { MapSide } from './map/MapSide.tsx';
import { checkNear, NEAR_LIMIT, NearSearch } from './map/NearSearch.tsx';
import { mapPoints, unplacedSeizures, type Point } from './map/points.ts';
import { useBorders, useChoropleth, useLeafletMap } from './map/useLeafletMap.ts';
import { useMapRecords } from './map/useMapRecords.ts';
import { nearOf, nearParam, useMapPick, useNearLayer } from './map/useNearLayer.ts';
import { fitTo, usePointLayer, type Selected } from './map/usePointLayer.ts';
import { useTimeWindow } from './map/useTimeWindow.ts';
import { areaOf, provinceAt, provinceChoices, type ProvinceProps } from './map/provinceAreas.ts';
import { useWithinLayer } from './map/useWithinLayer.ts';
import { WITHIN_LIMIT, WithinSearch } from './map/WithinSearch.tsx';

/** The longest id list an export link carries (the route takes 100 000 characters). */
const MAX_EXPORT_IDS = 90_000;

/** The URL's map view, `c=lat,lon,zoom`, or null when it names none (or a bad one). */
function viewOf(c: string | null): { lat: number; lon: number; zoom: number } | null {
  const [lat, lon, zoom] = (c ?? '').split(',').map(Number);
  if (![lat, lon, zoom].every((v) => v !== undefined && Number.isFinite(v))) return null;
  return { lat: lat!, lon: lon!, zoom: zoom! };
}

/**
 * Incidents and seizures on a map. Everything a view is made of lives in the URL: the
 * position (`c`), the period (`to`, `w`), the filters (`type`, `precision`), the layers
 * (`hide`), the record chosen, the "incidents near a point" search (`near=lat,lon,km`) and
 * the "incidents within a province" search (`within=SY.07`, or a name as typed);
 * so a link reopens the same map, and the back button
 * undoes a filter (moving the map replaces the address rather than adding to history).
 */
export default function MapPage({ params }: { params: URLSearchParams }): ReactNode {
  const { caseRef } = useApp();
  const { geo, incidents, olderLeftOut, seizures, error } = useMapRecords(caseRef.id);
  const selected: Selected = params.get('incident')
    ? { kind: 'incident', id: params.get('incident')! }
    : params.get('seizure')
      ? { kind: 'seizure', id: params.get('seizure')! }
      : null;
  const setSelected = (s: Selected) =>
    setParams({
      incident: s?.kind === 'incident' ? s.id : null,
      seizure: s?.kind === 'seizure' ? s.id : null,
    });
  const hidden = new Set((params.get('hide') ?? '').split(',').filter(Boolean));
  const toggle = (layer: string) => (on: boolean) => {
    const next = new Set(hidden);
    if (on) next.delete(layer);
    else next.add(layer);
    setParams({ hide: [...next].sort().join(',') || null });
  };
  const showIncidents = !hidden.has('incidents');
  const showSeizures = !hidden.has('seizures');
  const showChoropleth = !hidden.has('shading');
  const type = params.get('type') ?? '';
  const precision = params.get('precision') ?? '';
  // The period is the case's (its last day the latest incident, as on the dashboard),
  // whatever the filters: a filter narrows what is shown, never moves the week.
  const time = useTimeWindow(incidents, params);
  const visible = useMemo(
    () =>
      time.visible.filter(
        (i) =>
          (!type || text(i.attack_type) === type) &&
          (!precision || String(i.geo_precision ?? '') === precision),
      ),
    [time.visible, type, precision],
  );

  const mapEl = useRef<HTMLDivElement>(null);
  const [initialView] = useState(() => viewOf(params.get('c')));
  const { map, layers, moves } = useLeafletMap(mapEl, initialView);
  const [clusterList, setClusterList] = useState<Point[] | null>(null);
  useBorders(map, layers, geo);
  useChoropleth(map, layers, geo, visible, showChoropleth);
  const points = useMemo(
    () =>
      mapPoints(
        showIncidents ? visible : null,
        showSeizures ? seizures : null,
        geo?.admin1 ?? null,
      ),
    [visible, seizures, showIncidents, showSeizures, geo],
  );
  // "Incidents near a point": the URL's search as it is (a hand-made link's bad value is
  // the API's to refuse, in its own words), drawn once it is a point and a radius.
  const near = nearOf(params.get('near'));
  const nearChecked = near ? checkNear(near).value : null;
  const nearLoaded = useCaseApi(
    near ? 'incidents/near' : null,
    near ? { lat: near.lat, lon: near.lon, km: near.km, limit: NEAR_LIMIT } : undefined,
  );
  const nearHits = nearLoaded.data?.items ?? null;
  const nearIncidents = useMemo(() => nearHits?.map((h) => h.incident) ?? null, [nearHits]);
  // "Incidents within a province": the URL's province as typed (the API resolves any
  // spelling), its area drawn once the API has named it.
  const within = params.get('within')?.trim() || null;
  const withinLoaded = useCaseApi(
    within ? 'incidents/within' : null,
    within ? { province: within, limit: WITHIN_LIMIT } : undefined,
  );
  const withinFound = withinLoaded.data;
  const withinCode = withinFound?.province.code ?? null;
  const withinArea = useMemo(
    () => (geo && withinCode ? (areaOf(geo.admin1, withinCode) ?? null) : null),
    [geo, withinCode],
  );
  const choices = useMemo(() => (geo ? provinceChoices(geo.admin1) : []), [geo]);
  // One pick on the map at a time: the near tool's point or the province under the click.
  const [pick, setPick] = useState<'near' | 'within' | null>(null);
  const [picked, setPicked] = useState<{ lat: number; lon: number } | null>(null);
  const [pickedProvince, setPickedProvince] = useState<{ province: ProvinceProps | null } | null>(
    null,
  );
  const pickMode = (mode: 'near' | 'within') => (on: boolean) =>
    setPick((p) => (on ? mode : p === mode ? null : p));
  useMapPick(
    map,
    pick !== null,
    (lat, lon) => {
      if (pick === 'near') setPicked({ lat, lon });
      if (pick === 'within')
        setPickedProvince({ province: geo ? provinceAt(geo.admin1, lat, lon) : null });
      setPick(null);
    },
    () => setPick(null),
  );

  usePointLayer(
    map,
    layers,
    points,
    moves,
    setSelected,
    setClusterList,
    initialView === null && !nearChecked && !within,
  );
  useNearLayer(map, layers, nearChecked, nearIncidents, initialView !== null);
  useWithinLayer(
    map,
    within,
    withinArea,
    withinCode,
    withinFound?.items ?? null,
    initialView !== null,
  );

  // The view follows the map into the URL (replaced, not pushed: panning is not a step).
  useEffect(() => {
    const m = map.current;
    if (!m || moves === 0) return;
    const c = m.getCenter();
    setParams({ c: `${c.lat.toFixed(4)},${c.lng.toFixed(4)},${m.getZoom()}` }, { replace: true });
  }, [moves]);

  // The list beside the map follows the view.
  const inView = useMemo(() => {
    const m = map.current;
    if (!m) return [];
    const bounds = m.getBounds();
    return visible
      .filter((i) => typeof i.lat === 'number' && typeof i.lon === 'number')
      .filter((i) => bounds.contains([i.lat!, i.lon!]))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  }, [visible, moves, points]);
  const notPlaced = useMemo(
    () => visible.filter((i) => typeof i.lat !== 'number' || typeof i.lon !== 'number'),
    [visible],
  );
  const unplaced = useMemo(
    () => (showSeizures ? unplacedSeizures(seizures, geo?.admin1 ?? null) : []),
    [seizures, geo, showSeizures],
  );

  // The export holds what the map shows: the period, and (when a filter narrows it) the ids.
  const exportQuery = useMemo(() => {
    const ids = type || precision ? visible.map((i) => i.id).join(',') : '';
    return {
      from: time.start ?? undefined,
      to: time.end ?? undefined,
      ids: ids && ids.length <= MAX_EXPORT_IDS ? ids : undefined,
    };
  }, [visible, time.start, time.end, type, precision]);
  const placed = visible.length - notPlaced.length;
  const types = [...new Set(visible.map((i) => text(i.attack_type) || 'other'))].sort();

  return (
    <section>
      <div className="page-head">
        <h1>Map</h1>
        <LayerToggle label="Incidents" checked={showIncidents} onChange={toggle('incidents')} />
        <LayerToggle label="Seizures" checked={showSeizures} onChange={toggle('seizures')} />
        <LayerToggle
          label="Admin-1 choropleth"
          checked={showChoropleth}
          onChange={toggle('shading')}
        />
        <MapFilters
          type={type}
          precision={precision}
          onChange={(v) => setParams(v)}
          onFit={() => map.current && fitTo(map.current, points)}
        />
        <ExportMenu kind="incidents" label="Export the incidents shown" query={exportQuery} />
      </div>
      <ErrorBox error={error} />
      {incidents === null && !error ? <Loading what="incidents" /> : null}
      <TimeSlider
        time={{ ...time, visible }}
        placed={placed}
        seizuresPlaced={points.filter((p) => p.kind === 'seizure').length}
        seizuresUnplaced={unplaced.length}
      />
      {incidents && olderLeftOut ? (
        <p className="muted" data-testid="map-capped">
          The map holds the case's latest {fmt(incidents.length)} incidents (from{' '}
          {incidents.at(-1)?.date ?? '—'}); older ones are left out here, and the Incidents page
          lists them all.
        </p>
      ) : null}
      <MapLegend types={types} />
      <div className="split">
        <div
          ref={mapEl}
          className="map"
          data-testid="map"
          data-geo={geo ? 'ready' : 'loading'}
          role="region"
          aria-label="Map of incidents and seizures (points are buttons in the tab order)"
        />
        <div className="map-side-column" style={{ display: 'grid', gap: '0.8rem' }}>
          <NearSearch
            near={near}
            hits={nearHits}
            loading={nearLoaded.loading}
            error={nearLoaded.error}
            picking={pick === 'near'}
            onPicking={pickMode('near')}
            mapCentre={() => {
              const c = map.current?.getCenter().wrap();
              return c ? { lat: c.lat, lon: c.lng } : null;
            }}
            picked={picked}
            onSearch={(q) => setParams({ near: nearParam(q) })}
            onClear={() => setParams({ near: null })}
            onSelect={setSelected}
          />
          <WithinSearch
            within={within}
            found={withinFound}
            loading={withinLoaded.loading}
            error={withinLoaded.error}
            choices={choices}
            picking={pick === 'within'}
            onPicking={pickMode('within')}
            picked={pickedProvince}
            onSearch={(province) => setParams({ within: province })}
            onClear={() => setParams({ within: null })}
            onSelect={setSelected}
          />
          <MapSide
            selected={selected}
            onSelect={setSelected}
            clusterList={clusterList}
            inView={inView}
            notPlaced={notPlaced}
            unplaced={unplaced}
          />
        </div>
      </div>
    </section>
  );
}
