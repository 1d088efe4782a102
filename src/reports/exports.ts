import { escapeXml } from './escape.ts';

/**
 * Interchange for GIS and graph tools: the procurement network as GraphML and GEXF (for
 * Gephi, yEd, Cytoscape), seizures as GeoJSON points. Pure: plain data in, text out.
 * Every string written into XML is escaped (record text is untrusted).
 */

export const EDGE_KINDS = ['supply', 'control', 'payment', 'link'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface GraphNode {
  id: string;
  label: string;
  schema: string;
  country?: string | null;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** FtM schema of a relation, or "Order". */
  schema: string;
  label?: string | null;
  commodity?: string | null;
  weight: number;
  date?: string | null;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const NODE_ATTRS = [
  ['label', 'string'],
  ['schema', 'string'],
  ['country', 'string'],
] as const;
const EDGE_ATTRS = [
  ['kind', 'string'],
  ['schema', 'string'],
  ['label', 'string'],
  ['commodity', 'string'],
  ['weight', 'double'],
  ['date', 'string'],
] as const;

/** Edges whose ends are not nodes get a placeholder node, so the file always loads. */
function closeGraph(g: GraphData): GraphData {
  const ids = new Set(g.nodes.map((n) => n.id));
  const extra: GraphNode[] = [];
  for (const e of g.edges) {
    for (const end of [e.source, e.target]) {
      if (!ids.has(end)) {
        ids.add(end);
        extra.push({ id: end, label: end, schema: 'Thing', country: null });
      }
    }
  }
  return { nodes: [...g.nodes, ...extra], edges: g.edges };
}

/** GraphML (the XML graph format of Brandes et al., graphml.graphdrawing.org), directed. */
export function toGraphml(graph: GraphData): string {
  const g = closeGraph(graph);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [name, type] of NODE_ATTRS)
    out.push(`  <key id="n_${name}" for="node" attr.name="${name}" attr.type="${type}"/>`);
  for (const [name, type] of EDGE_ATTRS)
    out.push(`  <key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`);
  out.push('  <graph id="chokepoint" edgedefault="directed">');
  for (const n of g.nodes) {
    out.push(`    <node id="${escapeXml(n.id)}">`);
    for (const [name] of NODE_ATTRS) {
      const v = n[name];
      if (v !== null && v !== undefined)
        out.push(`      <data key="n_${name}">${escapeXml(String(v))}</data>`);
    }
    out.push('    </node>');
  }
  for (const e of g.edges) {
    out.push(
      `    <edge id="${escapeXml(e.id)}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}">`,
    );
    for (const [name] of EDGE_ATTRS) {
      const v = e[name];
      if (v !== null && v !== undefined)
        out.push(`      <data key="e_${name}">${escapeXml(String(v))}</data>`);
    }
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

/** GEXF 1.3 (Gephi's own format), directed, with node and edge attributes and edge weights. */
export function toGexf(graph: GraphData, opts: { generated?: string } = {}): string {
  const g = closeGraph(graph);
  const date = (opts.generated ?? new Date().toISOString()).slice(0, 10);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    `  <meta lastmodifieddate="${escapeXml(date)}"><creator>Chokepoint</creator><description>Procurement network: entities, relations and orders</description></meta>`,
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="schema" title="schema" type="string"/>',
    '      <attribute id="country" title="country" type="string"/>',
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="kind" title="kind" type="string"/>',
    '      <attribute id="schema" title="schema" type="string"/>',
    '      <attribute id="commodity" title="commodity" type="string"/>',
    '      <attribute id="date" title="date" type="string"/>',
    '    </attributes>',
    '    <nodes>',
  ];
  const attvalues = (pairs: [string, unknown][]) =>
    pairs
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `<attvalue for="${k}" value="${escapeXml(String(v))}"/>`)
      .join('');
  for (const n of g.nodes) {
    out.push(
      `      <node id="${escapeXml(n.id)}" label="${escapeXml(n.label)}"><attvalues>${attvalues([
        ['schema', n.schema],
        ['country', n.country],
      ])}</attvalues></node>`,
    );
  }
  out.push('    </nodes>', '    <edges>');
  for (const e of g.edges) {
    const label = e.label ? ` label="${escapeXml(e.label)}"` : '';
    out.push(
      `      <edge id="${escapeXml(e.id)}" source="${escapeXml(e.source)}" target="${escapeXml(e.target)}" weight="${Number.isFinite(e.weight) ? e.weight : 1}"${label}><attvalues>${attvalues(
        [
          ['kind', e.kind],
          ['schema', e.schema],
          ['commodity', e.commodity],
          ['date', e.date],
        ],
      )}</attvalues></edge>`,
    );
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}

export interface SeizurePlaceRow {
  id: string;
  seizure_date: string | null;
  place: string | null;
  country: string | null;
  seized_by: string | null;
  items: number;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  /** What the point stands for: the gazetteer place and its precision (1 town, 2 area, 3 region). */
  matched: string;
  precision: number;
}

/**
 * Seizures as GeoJSON points, placed by a lookup of their place text (the gazetteer of
 * src/geo); a seizure whose place cannot be found is left out and counted in the
 * collection's `unplaced` member, so a GIS user sees what is missing.
 */
export function seizuresGeoJson(
  seizures: SeizurePlaceRow[],
  locate: (s: SeizurePlaceRow) => GeoPoint | null,
) {
  const features = [];
  const unplaced: string[] = [];
  for (const s of seizures) {
    const p = locate(s);
    if (!p) {
      unplaced.push(s.id);
      continue;
    }
    features.push({
      type: 'Feature',
      id: s.id,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { ...s, geo_matched: p.matched, geo_precision: p.precision },
    });
  }
  return { type: 'FeatureCollection', features, unplaced };
}
