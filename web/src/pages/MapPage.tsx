import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import { IncidentDetail, type Incident } from '../components/Incident.tsx';
import { addDays, ErrorBox, fmt, Loading, Sources, text, useCaseApi } from '../lib.tsx';
import { api, type ApiError, type CaseResponse, type ItemOf } from '../api.ts';
import { useApp } from '../lib.tsx';
import { foldName } from '../fold.ts';

export const TYPE_COLOURS: Record<string, string> = {
  ied: '#d62728',
  armed_assault: '#ff7f0e',
  targeted_killing: '#9467bd',
  sniper: '#8c564b',
  suicide_bombing: '#e377c2',
  vehicle_bomb: '#bcbd22',
  rocket_mortar: '#17becf',
  ambush: '#1f77b4',
  kidnapping: '#7f7f7f',
  arson_sabotage: '#aec7e8',
  arrest_raid: '#2ca02c',
  airstrike: '#393b79',
  other: '#555555',
};
const SEIZURE_COLOUR = '#111111';

type Seizure = ItemOf<CaseResponse<'seizures'>>;

type Selected = { kind: 'incident'; id: string } | { kind: 'seizure'; id: string } | null;

/** Fetches every page of a paginated list of the case (bounded), so the map shows all records. */
async function fetchAll<R extends 'incidents' | 'seizures'>(
  caseId: string,
  rest: R,
  max = 20000,
): Promise<ItemOf<CaseResponse<R>>[]> {
  type Page = { items: ItemOf<CaseResponse<R>>[]; total: number };
  const out: ItemOf<CaseResponse<R>>[] = [];
  for (let offset = 0; offset < max;) {
    const page = (await api.get(`/api/cases/{caseId}/${rest}`, {
      caseId,
      limit: 1000,
      offset,
    })) as Page;
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return out;
}

interface Point {
  lat: number;
  lon: number;
  kind: 'incident' | 'seizure';
  id: string;
  colour: string;
  label: string;
}

/**
 * Greedy distance clustering in screen space (the single pass of Leaflet.markercluster
 * and supercluster, without their hierarchy): each point joins the first cluster seed
 * within `px` pixels at the current zoom, found through a grid of px-sized cells, or
 * seeds a new cluster. Seeds are thus at least `px` apart and badges rarely overlap.
 */
function cluster(map: L.Map, points: Point[], px = 48): { centre: L.LatLng; members: Point[] }[] {
  const zoom = map.getZoom();
  const seeds: { x: number; y: number; members: Point[] }[] = [];
  const grid = new Map<string, number[]>();
  for (const p of points) {
    const xy = map.project([p.lat, p.lon], zoom);
    const cx = Math.floor(xy.x / px);
    const cy = Math.floor(xy.y / px);
    let found = -1;
    for (let dx = -1; dx <= 1 && found < 0; dx++)
      for (let dy = -1; dy <= 1 && found < 0; dy++)
        for (const i of grid.get(`${cx + dx}:${cy + dy}`) ?? []) {
          const s = seeds[i]!;
          if ((s.x - xy.x) ** 2 + (s.y - xy.y) ** 2 < px * px) {
            found = i;
            break;
          }
        }
    if (found >= 0) seeds[found]!.members.push(p);
    else {
      const key = `${cx}:${cy}`;
      grid.set(key, [...(grid.get(key) ?? []), seeds.length]);
      seeds.push({ x: xy.x, y: xy.y, members: [p] });
    }
  }
  return seeds.map(({ members }) => {
    const lat = members.reduce((s, m) => s + m.lat, 0) / members.length;
    const lon = members.reduce((s, m) => s + m.lon, 0) / members.length;
    return { centre: L.latLng(lat, lon), members };
  });
}

/**
 * Seizures are recorded with a place text, not coordinates: place each one, approximately,
 * at the centre of the admin-1 area its place names ("Abu Khashab, Deir ez-Zor").
 */
function admin1Centres(admin1: FeatureCollection): Map<string, [number, number]> {
  const centres = new Map<string, [number, number]>();
  for (const f of admin1.features) {
    const p = f.properties as { name: string; aliases?: string[] };
    if (f.geometry.type !== 'MultiPolygon') continue;
    let area = 0;
    let sx = 0;
    let sy = 0;
    for (const poly of f.geometry.coordinates) {
      const ring = poly[0]!;
      const [x0, y0] = ring[0] as [number, number];
      const [x1, y1] = ring[2] as [number, number];
      const a = Math.abs((x1 - x0) * (y1 - y0));
      area += a;
      sx += (a * (x0 + x1)) / 2;
      sy += (a * (y0 + y1)) / 2;
    }
    if (area === 0) continue;
    for (const name of [p.name, ...(p.aliases ?? [])])
      centres.set(foldName(name), [sy / area, sx / area]);
  }
  return centres;
}

function placeSeizure(s: Seizure, centres: Map<string, [number, number]>): [number, number] | null {
  // A seizure has a place but no coordinates: it is placed at its province.
  for (const part of (s.place ?? '').split(',').reverse()) {
    const hit = centres.get(foldName(part.trim()));
    if (hit) return hit;
  }
  return null;
}

export default function MapPage({ params }: { params: URLSearchParams }): ReactNode {
  const { caseRef } = useApp();
  const [incidents, setIncidents] = useState<Incident[] | null>(null);
  const [seizures, setSeizures] = useState<Seizure[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [geo, setGeo] = useState<{
    countries: FeatureCollection;
    admin1: FeatureCollection;
  } | null>(null);
  const [selected, setSelected] = useState<Selected>(
    params.get('incident') ? { kind: 'incident', id: params.get('incident')! } : null,
  );
  const [windowDays, setWindowDays] = useState(0);
  const [dayIndex, setDayIndex] = useState<number | null>(null);
  const [showIncidents, setShowIncidents] = useState(true);
  const [showSeizures, setShowSeizures] = useState(true);
  const [showChoropleth, setShowChoropleth] = useState(true);

  useEffect(() => {
    let live = true;
    void import('virtual:geo').then(
      (m) =>
        live &&
        setGeo({
          countries: feature(
            m.topology,
            m.topology.objects.countries as GeometryCollection,
          ) as FeatureCollection,
          admin1: m.admin1,
        }),
    );
    fetchAll(caseRef.id, 'incidents')
      .then((items) => live && setIncidents(items))
      .catch((e: unknown) => live && setError(e as ApiError));
    fetchAll(caseRef.id, 'seizures')
      .then((items) => live && setSeizures(items))
      .catch(() => live && setSeizures([]));
    return () => {
      live = false;
    };
  }, [caseRef.id]);

  const dates = useMemo(
    () => [...new Set((incidents ?? []).map((i) => i.date).filter((d): d is string => !!d))].sort(),
    [incidents],
  );
  const minDate = dates[0];
  const maxDate = dates.at(-1);
  const span =
    minDate && maxDate ? Math.round((Date.parse(maxDate) - Date.parse(minDate)) / 864e5) : 0;
  const end = minDate ? addDays(minDate, dayIndex ?? span) : null;
  const start = end && windowDays > 0 ? addDays(end, -(windowDays - 1)) : null;

  const visible = useMemo(
    () =>
      (incidents ?? []).filter(
        (i) => !end || !i.date || (i.date <= end && (!start || i.date >= start)),
      ),
    [incidents, start, end],
  );

  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<{ base?: L.GeoJSON; choropleth?: L.GeoJSON; points?: L.LayerGroup }>({});
  const [zoomTick, setZoomTick] = useState(0);
  const pointsRenderer = useRef<L.SVG | null>(null);
  const [clusterList, setClusterList] = useState<Point[] | null>(null);

  useEffect(() => {
    if (!mapEl.current || map.current) return;
    const m = L.map(mapEl.current, {
      preferCanvas: true,
      worldCopyJump: false,
      minZoom: 2,
      maxZoom: 12,
      attributionControl: true,
    }).setView([34, 40], 5);
    m.attributionControl.setPrefix('');
    m.attributionControl.addAttribution(
      'Borders: Natural Earth (world-atlas); admin-1 areas derived from GeoNames places',
    );
    m.on('moveend', () => setZoomTick((t) => t + 1));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !geo) return;
    layers.current.base?.remove();
    layers.current.base = L.geoJSON(geo.countries, {
      style: { color: '#7a8690', weight: 1, fillColor: '#f4f1ea', fillOpacity: 1 },
      interactive: false,
    }).addTo(m);
    layers.current.base.bringToBack();
  }, [geo]);

  // Admin-1 choropleth: attacks in the window per admin-1 unit, matched by folded name.
  useEffect(() => {
    const m = map.current;
    layers.current.choropleth?.remove();
    if (!m || !geo || !showChoropleth) return;
    const counts = new Map<string, number>();
    for (const i of visible) {
      if (!i.admin1) continue;
      const key = `${(i.country_code ?? '').toUpperCase()}|${foldName(i.admin1)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const max = Math.max(1, ...counts.values());
    const countOf = (f: Feature) => {
      const p = f.properties as { country_code: string; name: string; aliases?: string[] };
      const names = new Set([p.name, ...(p.aliases ?? [])].map(foldName));
      let n = 0;
      for (const name of names) n += counts.get(`${p.country_code}|${name}`) ?? 0;
      return n;
    };
    layers.current.choropleth = L.geoJSON(
      {
        type: 'FeatureCollection',
        features: geo.admin1.features.filter((f) => countOf(f) > 0),
      } as FeatureCollection,
      {
        style: (f) => {
          const n = f ? countOf(f) : 0;
          return { stroke: false, fillColor: '#b5482b', fillOpacity: 0.15 + 0.55 * (n / max) };
        },
        onEachFeature: (f, layer) => {
          const p = f.properties as { name: string };
          // bindTooltip with a DOM text node: names never become HTML.
          const el = document.createElement('span');
          el.textContent = `${p.name}: ${countOf(f)} attack(s)`;
          layer.bindTooltip(el, { sticky: true });
        },
      },
    ).addTo(m);
    layers.current.points?.eachLayer((l) => (l as L.CircleMarker).bringToFront?.());
  }, [geo, visible, showChoropleth]);

  const points = useMemo<Point[]>(() => {
    const out: Point[] = [];
    if (showIncidents)
      for (const i of visible)
        if (typeof i.lat === 'number' && typeof i.lon === 'number')
          out.push({
            lat: i.lat,
            lon: i.lon,
            kind: 'incident',
            id: i.id,
            colour: TYPE_COLOURS[text(i.attack_type)] ?? TYPE_COLOURS.other!,
            label: `${i.date ?? ''} ${text(i.attack_type)} ${i.place ?? ''}`,
          });
    const centres = geo ? admin1Centres(geo.admin1) : new Map<string, [number, number]>();
    if (showSeizures)
      for (const s of seizures) {
        const at = placeSeizure(s, centres);
        if (at)
          out.push({
            lat: at[0],
            lon: at[1],
            kind: 'seizure',
            id: s.id,
            colour: SEIZURE_COLOUR,
            label: `seizure ${s.id} ${s.place ?? ''} (placed at its province)`,
          });
      }
    return out;
  }, [visible, seizures, showIncidents, showSeizures, geo]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    layers.current.points?.remove();
    // Points are SVG (clustering keeps them to a screen's worth), so each is a focusable,
    // clickable element; the borders and choropleth stay on the canvas.
    const svg = (pointsRenderer.current ??= L.svg({ padding: 0.2 }));
    const group = L.layerGroup();
    const placed: [L.CircleMarker, Point][] = [];
    // Only what is in view (with a margin) is drawn: panning redraws.
    const view = m.getBounds().pad(0.1);
    const inView = points.filter((p) => view.contains([p.lat, p.lon]));
    for (const c of cluster(m, inView)) {
      if (c.members.length === 1) {
        const p = c.members[0]!;
        const marker = L.circleMarker([p.lat, p.lon], {
          renderer: svg,
          className: `${p.kind}-marker`,
          radius: p.kind === 'seizure' ? 8 : 6,
          color: '#fff',
          weight: 1.5,
          fillColor: p.colour,
          fillOpacity: 0.95,
        });
        const el = document.createElement('span');
        el.textContent = p.label;
        marker.bindTooltip(el);
        marker.on('click', () => setSelected({ kind: p.kind, id: p.id }));
        placed.push([marker, p]);
        group.addLayer(marker);
      } else {
        const n = c.members.length;
        const el = document.createElement('div');
        el.className = 'cluster';
        el.textContent = String(n);
        const icon = L.divIcon({
          html: el,
          className: 'cluster-icon',
          iconSize: [28 + Math.min(20, Math.log2(n) * 4), 28 + Math.min(20, Math.log2(n) * 4)],
        });
        const marker = L.marker(c.centre, { icon, keyboard: true, title: `${n} records` });
        const sameSpot = c.members.every(
          (p) =>
            Math.abs(p.lat - c.members[0]!.lat) < 1e-6 &&
            Math.abs(p.lon - c.members[0]!.lon) < 1e-6,
        );
        marker.on('click', () => {
          // Records at one spot (or at the deepest zoom) cannot be split: list them instead.
          if (sameSpot || m.getZoom() >= m.getMaxZoom() - 1) setClusterList(c.members);
          else m.setView(c.centre, Math.min(m.getZoom() + 2, m.getMaxZoom()));
        });
        group.addLayer(marker);
      }
    }
    group.addTo(m);
    // Keyboard and test access: each point is a labelled button in the tab order.
    for (const [marker, p] of placed) {
      const el = marker.getElement();
      if (!el) continue;
      el.setAttribute('data-id', p.id);
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', p.label);
      el.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Enter') setSelected({ kind: p.kind, id: p.id });
      });
    }
    layers.current.points = group;
  }, [points, zoomTick]);

  // Fit to the data once it arrives.
  const fitted = useRef(false);
  useEffect(() => {
    const m = map.current;
    if (!m || fitted.current || points.length === 0) return;
    fitted.current = true;
    m.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])).pad(0.3), {
      maxZoom: 8,
    });
  }, [points]);

  const placed = visible.filter((i) => typeof i.lat === 'number').length;
  const types = [...new Set(visible.map((i) => text(i.attack_type) || 'other'))].sort();

  return (
    <section>
      <div className="page-head">
        <h1>Map</h1>
        <label>
          <span>
            <input
              type="checkbox"
              checked={showIncidents}
              onChange={(e) => setShowIncidents(e.target.checked)}
            />{' '}
            Incidents
          </span>
        </label>
        <label>
          <span>
            <input
              type="checkbox"
              checked={showSeizures}
              onChange={(e) => setShowSeizures(e.target.checked)}
            />{' '}
            Seizures
          </span>
        </label>
        <label>
          <span>
            <input
              type="checkbox"
              checked={showChoropleth}
              onChange={(e) => setShowChoropleth(e.target.checked)}
            />{' '}
            Admin-1 choropleth
          </span>
        </label>
      </div>
      <ErrorBox error={error} />
      {incidents === null && !error ? <Loading what="incidents" /> : null}
      <div className="slider">
        <label>
          Up to {end ?? '—'}
          <input
            type="range"
            min={0}
            max={span}
            value={dayIndex ?? span}
            onChange={(e) => setDayIndex(Number(e.target.value))}
            aria-label="Time slider: last day shown"
            data-testid="time-slider"
            disabled={!span}
          />
        </label>
        <label>
          Window
          <select
            value={windowDays}
            onChange={(e) => setWindowDays(Number(e.target.value))}
            aria-label="Window"
          >
            <option value={0}>everything up to that day</option>
            <option value={7}>7 days</option>
            <option value={30}>30 days</option>
            <option value={90}>90 days</option>
          </select>
        </label>
        <span className="muted" data-testid="map-count">
          {fmt(visible.length)} incidents ({fmt(placed)} placed) ·{' '}
          {fmt(points.filter((p) => p.kind === 'seizure').length)} seizures placed
          {start ? ` · ${start} – ${end}` : ''}
        </span>
      </div>
      <div className="legend" aria-label="Legend">
        {types.map((t) => (
          <span key={t}>
            <span
              className="swatch"
              style={{ background: TYPE_COLOURS[t] ?? TYPE_COLOURS.other }}
            />
            {t}
          </span>
        ))}
        <span>
          <span className="swatch" style={{ background: SEIZURE_COLOUR }} />
          seizure
        </span>
        <span className="muted">admin-1 shading: attacks in the window (areas approximate)</span>
      </div>
      <div className="split">
        <div
          ref={mapEl}
          className="map"
          data-testid="map"
          data-geo={geo ? 'ready' : 'loading'}
          aria-label="Map of incidents and seizures"
        />
        <aside className="side" aria-label="Selected record">
          {selected?.kind === 'incident' ? <IncidentDetail id={selected.id} /> : null}
          {selected?.kind === 'seizure' ? <SeizureDetail id={selected.id} /> : null}
          {!selected && clusterList ? (
            <>
              <h3>{clusterList.length} records at this spot</h3>
              <ul className="plain-list">
                {clusterList.map((p) => (
                  <li key={`${p.kind}:${p.id}`}>
                    <button
                      className="link"
                      onClick={() => setSelected({ kind: p.kind, id: p.id })}
                    >
                      {p.label}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {!selected ? (
            <>
              <p className="muted">Click a point for the record and its sources.</p>
              <h3>Incidents in view</h3>
              <ul className="plain-list">
                {visible.slice(0, 30).map((i) => (
                  <li key={i.id}>
                    <button
                      className="link"
                      onClick={() => setSelected({ kind: 'incident', id: i.id })}
                    >
                      {i.date} {text(i.attack_type)} {i.place ?? i.admin1 ?? ''}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <button className="secondary" onClick={() => setSelected(null)}>
              Back to list
            </button>
          )}
        </aside>
      </div>
    </section>
  );
}

function SeizureDetail({ id }: { id: string }): ReactNode {
  const loaded = useCaseApi('seizures/{id}', { id });
  const s = loaded.data;
  if (!s) return loaded.error ? <ErrorBox error={loaded.error} /> : <Loading what="seizure" />;
  return (
    <div className="detail" data-testid="seizure-detail">
      <h2>Seizure {s.id}</h2>
      <p>
        {s.seizure_date ?? 'undated'} · {s.place ?? ''} {s.country ?? ''} · seized by{' '}
        {s.seized_by ?? 'unknown'}
      </p>
      <p>{fmt(s.items.length)} items documented.</p>
      <Sources items={s.evidence} label="Evidence" />
    </div>
  );
}
