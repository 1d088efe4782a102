import { useEffect, useRef, type RefObject } from 'react';
import L from 'leaflet';
import type { Feature } from 'geojson';
import type { Incident } from '../../components/Incident.tsx';
import { addHitRings } from './hitRings.ts';
import { outlineOf } from './provinceAreas.ts';

/** The colour of the search: the province's area and the rings round its incidents. */
export const WITHIN_COLOUR = '#813d9c';

/**
 * The pane of the search, above the areas and the points and under the "near" search's
 * pane: it takes no clicks, so what is under it stays clickable.
 */
const WITHIN_PANE = 'within';

/**
 * The "incidents within a province" search drawn on the map: the province's area (shaded,
 * its border outlined), and a ring round each incident found. A new search moves the map
 * to the area; a link that names a view of its own keeps it.
 */
export function useWithinLayer(
  map: RefObject<L.Map | null>,
  /** The search in the URL (`within=`, as typed), or null. */
  query: string | null,
  /** The province's area and code, once the API has resolved the search. */
  area: Feature | null,
  code: string | null,
  hits: Incident[] | null,
  keepFirstView: boolean,
): void {
  const renderer = useRef<L.SVG | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  // The search the page opened with, and the last one the map was moved to.
  const openedWith = useRef(query);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const m = map.current;
    layer.current?.remove();
    layer.current = null;
    if (!query) shown.current = null;
    if (!m || !query || !area || !code) return;
    if (!m.getPane(WITHIN_PANE)) {
      const pane = m.createPane(WITHIN_PANE);
      pane.style.zIndex = '615';
      pane.style.pointerEvents = 'none';
    }
    const svg = (renderer.current ??= L.svg({ pane: WITHIN_PANE, padding: 0.2 }));
    const group = L.layerGroup();
    const fill = L.geoJSON(area, {
      pane: WITHIN_PANE,
      interactive: false,
      style: {
        renderer: svg,
        className: 'within-fill',
        stroke: false,
        fillColor: WITHIN_COLOUR,
        fillOpacity: 0.12,
      } as L.PathOptions,
    });
    group.addLayer(fill);
    const outline = L.polyline(outlineOf(area), {
      renderer: svg,
      pane: WITHIN_PANE,
      className: 'within-area',
      color: WITHIN_COLOUR,
      weight: 2.5,
      dashArray: '6 4',
      interactive: false,
    });
    group.addLayer(outline);
    const markRings = addHitRings(group, hits, {
      renderer: svg,
      pane: WITHIN_PANE,
      className: 'within-hit',
      color: WITHIN_COLOUR,
    });
    group.addTo(m);
    // What the outline stands for, on its element (for a reader of the page and the tests).
    outline.getElement()?.setAttribute('data-code', code);
    markRings();
    layer.current = group;
    // A new search shows its area; the search a link opens keeps the link's view.
    if (shown.current === query) return;
    shown.current = query;
    const opening = query === openedWith.current && keepFirstView;
    openedWith.current = null;
    if (!opening) m.fitBounds(fill.getBounds(), { animate: false, maxZoom: 9 });
  }, [query, area, code, hits]);
}
