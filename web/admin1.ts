// Build-time geography for the map, served to the app as the virtual module `virtual:geo`:
// country borders (Natural Earth 1:50m TopoJSON from world-atlas; the app converts them with
// topojson-client) and the province areas that "incidents within a province" asks about,
// derived in src/geo/provinces.ts (one derivation for the map and the queries).
import type { FeatureCollection } from 'geojson';
import type { Topology } from 'topojson-specification';
import { provinceFeatures, worldTopology } from '../src/geo/provinces.ts';

export function buildGeo(): { topology: Topology; admin1: FeatureCollection } {
  return { topology: worldTopology(), admin1: provinceFeatures() };
}
