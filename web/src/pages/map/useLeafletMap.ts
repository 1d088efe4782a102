import { useEffect, useRef, useState, type RefObject } from 'react';
import L from 'leaflet';
import type { Feature, FeatureCollection } from 'geojson';
import type { Incident } from '../../components/Incident.tsx';
import { foldName } from '../../fold.ts';
import type { MapGeo } from './useMapRecords.ts';

/** The map's layers, replaced as what they draw changes. */
export interface MapLayers {
  base?: L.GeoJSON;
  choropleth?: L.GeoJSON;
  points?: L.LayerGroup;
  /** The "incidents near a point" search: its circle and the rings round what it found. */
  near?: L.LayerGroup;
}

/**
 * The Leaflet map in `el`, made once (at `initial`, the URL's view, when given), with its
 * layers and a tick that counts the moves (pans and zooms) so that what depends on the
 * view is redrawn.
 */
export function useLeafletMap(
  el: RefObject<HTMLDivElement | null>,
  initial: { lat: number; lon: number; zoom: number } | null,
): {
  map: RefObject<L.Map | null>;
  layers: RefObject<MapLayers>;
  moves: number;
} {
  const map = useRef<L.Map | null>(null);
  const layers = useRef<MapLayers>({});
  const [moves, setMoves] = useState(0);
  useEffect(() => {
    if (!el.current || map.current) return;
    const m = L.map(el.current, {
      preferCanvas: true,
      worldCopyJump: false,
      minZoom: 2,
      maxZoom: 12,
      attributionControl: true,
    }).setView(initial ? [initial.lat, initial.lon] : [34, 40], initial?.zoom ?? 5);
    m.attributionControl.setPrefix('');
    m.attributionControl.addAttribution(
      'Borders: Natural Earth (world-atlas); admin-1 areas derived from GeoNames places',
    );
    m.on('moveend', () => setMoves((t) => t + 1));
    map.current = m;
    return () => {
      m.off();
      m.stop();
      m.remove();
      map.current = null;
    };
  }, []);
  return { map, layers, moves };
}

/** The country borders, under everything else. */
export function useBorders(
  map: RefObject<L.Map | null>,
  layers: RefObject<MapLayers>,
  geo: MapGeo | null,
): void {
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
}

/** Admin-1 choropleth: attacks in the window per admin-1 unit, matched by folded name. */
export function useChoropleth(
  map: RefObject<L.Map | null>,
  layers: RefObject<MapLayers>,
  geo: MapGeo | null,
  visible: Incident[],
  show: boolean,
): void {
  useEffect(() => {
    const m = map.current;
    layers.current.choropleth?.remove();
    if (!m || !geo || !show) return;
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
  }, [geo, visible, show]);
}
