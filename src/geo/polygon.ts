import type { Position } from 'geojson';

/**
 * Point-in-polygon on planar [lon, lat] coordinates, the boundary included, as PostGIS's
 * ST_Covers decides it: the rule `incidents within` uses on SQLite (PostgreSQL asks
 * PostGIS), and the map's pick of the area under a click. No Node.js imports: the web app
 * bundles this file as it is.
 */

/** Even-odd ray casting: whether (x, y) is inside the ring (its boundary aside). */
function insideRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether (x, y) lies on one of the ring's edges (exact for the grid's axis-aligned edges). */
function onRing(x: number, y: number, ring: Position[]): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (
      x < Math.min(xi, xj) ||
      x > Math.max(xi, xj) ||
      y < Math.min(yi, yj) ||
      y > Math.max(yi, yj)
    )
      continue;
    if ((xj - xi) * (y - yi) - (yj - yi) * (x - xi) === 0) return true;
  }
  return false;
}

/**
 * Whether the polygons cover the point, their boundary included (PostGIS's ST_Covers on
 * planar lon/lat): a point on the edge between two provinces is in both, on both databases.
 */
export function polygonsCover(polygons: Position[][][], lat: number, lon: number): boolean {
  for (const [outer, ...holes] of polygons) {
    if (!outer) continue;
    if (onRing(lon, lat, outer)) return true;
    if (!insideRing(lon, lat, outer)) continue;
    if (holes.some((h) => onRing(lon, lat, h))) return true;
    if (!holes.some((h) => insideRing(lon, lat, h))) return true;
  }
  return false;
}
