declare module 'virtual:geo' {
  import type { FeatureCollection } from 'geojson';
  import type { Topology } from 'topojson-specification';
  export const topology: Topology;
  export const admin1: FeatureCollection;
}
