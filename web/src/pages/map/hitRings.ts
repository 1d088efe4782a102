import L from 'leaflet';
import type { Incident } from '../../components/Incident.tsx';

/** How a search's rings look: its renderer and pane, its class and colour. */
export interface RingStyle {
  renderer: L.Renderer;
  pane: string;
  className: string;
  color: string;
}

/**
 * A ring round each incident a map search found (near a point, within a province), added to
 * `group`; incidents without a point are left out. The rings take no clicks: the points
 * under them stay clickable. Call the returned function once the group is on the map, to
 * mark each ring's element with its incident (data-id).
 */
export function addHitRings(
  group: L.LayerGroup,
  hits: Incident[] | null,
  style: RingStyle,
): () => void {
  const rings: [L.CircleMarker, string][] = [];
  for (const i of hits ?? []) {
    if (typeof i.lat !== 'number' || typeof i.lon !== 'number') continue;
    const ring = L.circleMarker([i.lat, i.lon], {
      ...style,
      radius: 12,
      weight: 3,
      fill: false,
      interactive: false,
    });
    rings.push([ring, i.id]);
    group.addLayer(ring);
  }
  return () => {
    for (const [ring, id] of rings) ring.getElement()?.setAttribute('data-id', id);
  };
}
