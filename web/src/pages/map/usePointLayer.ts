import { useEffect, useRef, type RefObject } from 'react';
import L from 'leaflet';
import { cluster, type Point } from './points.ts';
import type { MapLayers } from './useLeafletMap.ts';

/** A record chosen on the map. */
export type Selected = { kind: 'incident' | 'seizure'; id: string } | null;

/**
 * How sure the place is, drawn: a town (precision 1) is a solid point; an area near a
 * town (2) a wider, fainter disc with a dashed rim; a region (3) a wide pale shading. The
 * legend says so.
 */
export const PRECISION_STYLE: Record<1 | 2 | 3, { radius: number; fill: number; dash?: string }> = {
  1: { radius: 6, fill: 0.95 },
  2: { radius: 11, fill: 0.45, dash: '3 2' },
  3: { radius: 18, fill: 0.2, dash: '2 3' },
};

function pointMarker(p: Point, svg: L.SVG, onSelect: (s: Selected) => void): L.CircleMarker {
  const style = PRECISION_STYLE[p.precision];
  const marker = L.circleMarker([p.lat, p.lon], {
    renderer: svg,
    className: `${p.kind}-marker precision-${p.precision}`,
    radius: p.kind === 'seizure' ? Math.max(8, style.radius) : style.radius,
    color: p.precision === 1 ? '#fff' : p.colour,
    weight: 1.5,
    dashArray: style.dash,
    fillColor: p.colour,
    fillOpacity: style.fill,
  });
  const el = document.createElement('span');
  el.textContent = p.label;
  marker.bindTooltip(el);
  marker.on('click', () => onSelect({ kind: p.kind, id: p.id }));
  return marker;
}

function clusterMarker(
  m: L.Map,
  c: { centre: L.LatLng; members: Point[] },
  onList: (members: Point[]) => void,
): L.Marker {
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
    (p) => Math.abs(p.lat - c.members[0]!.lat) < 1e-6 && Math.abs(p.lon - c.members[0]!.lon) < 1e-6,
  );
  marker.on('click', () => {
    // Records at one spot (or at the deepest zoom) cannot be split: list them instead.
    if (sameSpot || m.getZoom() >= m.getMaxZoom() - 1) onList(c.members);
    else m.setView(c.centre, Math.min(m.getZoom() + 2, m.getMaxZoom()));
  });
  return marker;
}

/**
 * The points in view, clustered, redrawn when they or the view (`moves`) change; a click
 * selects a record, or lists a cluster that cannot be split. The map fits the points once,
 * when they first arrive.
 */
export function usePointLayer(
  map: RefObject<L.Map | null>,
  layers: RefObject<MapLayers>,
  points: Point[],
  moves: number,
  onSelect: (s: Selected) => void,
  onList: (members: Point[]) => void,
  fitFirst: boolean,
): void {
  const renderer = useRef<L.SVG | null>(null);
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    layers.current.points?.remove();
    // Points are SVG (clustering keeps them to a screen's worth), so each is a focusable,
    // clickable element; the borders and choropleth stay on the canvas.
    const svg = (renderer.current ??= L.svg({ padding: 0.2 }));
    const group = L.layerGroup();
    const placed: [L.CircleMarker, Point][] = [];
    const badges: L.Marker[] = [];
    // Only what is in view (with a margin) is drawn: panning redraws.
    const view = m.getBounds().pad(0.1);
    const inView = points.filter((p) => view.contains([p.lat, p.lon]));
    for (const c of cluster(m, inView)) {
      if (c.members.length === 1) {
        const p = c.members[0]!;
        const marker = pointMarker(p, svg, onSelect);
        placed.push([marker, p]);
        group.addLayer(marker);
      } else {
        const badge = clusterMarker(m, c, onList);
        badges.push(badge);
        group.addLayer(badge);
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
        if ((e as KeyboardEvent).key === 'Enter') onSelect({ kind: p.kind, id: p.id });
      });
    }
    // A badge is a button too: Enter does what a click does (zoom in, or list one spot).
    for (const badge of badges) {
      const el = badge.getElement();
      if (!el) continue;
      el.setAttribute('role', 'button');
      el.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key !== 'Enter') return;
        e.preventDefault();
        badge.fire('click');
      });
    }
    layers.current.points = group;
  }, [points, moves]);

  // Fit to the data once it arrives, unless the URL named a view of its own.
  const fitted = useRef(!fitFirst);
  useEffect(() => {
    const m = map.current;
    if (!m || fitted.current || points.length === 0) return;
    fitted.current = true;
    fitTo(m, points);
  }, [points]);
}

/** Moves the map to show every point (the "Fit to data" button, and the first view). */
export function fitTo(m: L.Map, points: Point[]): void {
  if (points.length === 0) return;
  // Not animated: a page left during a zoom animation would have Leaflet finish it on a
  // removed map (its "_leaflet_pos" error).
  m.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])).pad(0.3), {
    maxZoom: 8,
    animate: false,
  });
}
