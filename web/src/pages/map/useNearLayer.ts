import { useEffect, useRef, type RefObject } from 'react';
import L from 'leaflet';
import type { Incident } from '../../components/Incident.tsx';
import { addHitRings } from './hitRings.ts';
import type { MapLayers } from './useLeafletMap.ts';

/** A point and a radius, as the URL's `near=lat,lon,km` names them (still unchecked text). */
export interface NearQuery {
  lat: string;
  lon: string;
  km: string;
}

/** The URL's `near=lat,lon,km`, or null when it names none. */
export function nearOf(v: string | null): NearQuery | null {
  if (!v) return null;
  const [lat = '', lon = '', km = ''] = v.split(',');
  return { lat, lon, km };
}

/** The `near` parameter of a search. */
export function nearParam(q: { lat: number; lon: number; km: number }): string {
  return `${q.lat},${q.lon},${q.km}`;
}

/** The colour of the search: the circle, its centre and the rings round its incidents. */
export const NEAR_COLOUR = '#1a5fb4';

/**
 * The pane above the areas, the points and the cluster badges (so that a ring shows round
 * a badge too): it takes no clicks, so what is under it stays clickable.
 */
const NEAR_PANE = 'near';

/**
 * The search drawn on the map: the circle of the radius round the point, the point, and
 * a ring round each incident found (over the points, letting clicks through to them). A
 * new search moves the map to its circle; a link that names a view of its own keeps it.
 */
export function useNearLayer(
  map: RefObject<L.Map | null>,
  layers: RefObject<MapLayers>,
  near: { lat: number; lon: number; km: number } | null,
  hits: Incident[] | null,
  keepFirstView: boolean,
): void {
  const renderer = useRef<L.SVG | null>(null);
  const key = near ? nearParam(near) : null;
  // The search the page opened with, and the last one the map was moved to.
  const openedWith = useRef(key);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const m = map.current;
    layers.current.near?.remove();
    layers.current.near = undefined;
    if (!m || !near) {
      shown.current = null;
      return;
    }
    if (!m.getPane(NEAR_PANE)) {
      const pane = m.createPane(NEAR_PANE);
      pane.style.zIndex = '620';
      pane.style.pointerEvents = 'none';
    }
    const svg = (renderer.current ??= L.svg({ pane: NEAR_PANE, padding: 0.2 }));
    const group = L.layerGroup();
    const circle = L.circle([near.lat, near.lon], {
      renderer: svg,
      pane: NEAR_PANE,
      radius: near.km * 1000,
      className: 'near-circle',
      color: NEAR_COLOUR,
      weight: 2,
      dashArray: '6 4',
      fillColor: NEAR_COLOUR,
      fillOpacity: 0.04,
      interactive: false,
    });
    group.addLayer(circle);
    group.addLayer(
      L.circleMarker([near.lat, near.lon], {
        renderer: svg,
        pane: NEAR_PANE,
        radius: 4,
        className: 'near-centre',
        color: NEAR_COLOUR,
        weight: 2,
        fillColor: '#fff',
        fillOpacity: 1,
        interactive: false,
      }),
    );
    const markRings = addHitRings(group, hits, {
      renderer: svg,
      pane: NEAR_PANE,
      className: 'near-hit',
      color: NEAR_COLOUR,
    });
    group.addTo(m);
    // What the circle stands for, on its element (for a reader of the page and the tests).
    const el = circle.getElement();
    el?.setAttribute('data-lat', String(near.lat));
    el?.setAttribute('data-lon', String(near.lon));
    el?.setAttribute('data-km', String(near.km));
    markRings();
    layers.current.near = group;
    // A new search shows its circle; the search a link opens keeps the link's view.
    if (shown.current === key) return;
    shown.current = key;
    const opening = key === openedWith.current && keepFirstView;
    openedWith.current = null;
    if (!opening) m.fitBounds(circle.getBounds(), { animate: false });
  }, [key, hits]);
}

/**
 * Picking the point on the map: while `active`, the cursor is a crosshair, a click on the
 * map gives its point (`onPick`) and Escape gives it up (`onCancel`).
 */
export function useMapPick(
  map: RefObject<L.Map | null>,
  active: boolean,
  onPick: (lat: number, lon: number) => void,
  onCancel: () => void,
): void {
  const handlers = useRef({ onPick, onCancel });
  handlers.current = { onPick, onCancel };
  useEffect(() => {
    const m = map.current;
    if (!m || !active) return;
    const container = m.getContainer();
    container.style.cursor = 'crosshair';
    const onClick = (e: L.LeafletMouseEvent) => {
      const p = e.latlng.wrap();
      handlers.current.onPick(p.lat, p.lng);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      handlers.current.onCancel();
    };
    m.on('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      container.style.cursor = '';
      m.off('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [active]);
}
