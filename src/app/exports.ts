/**
 * Exports: a kind of record of a case written out in one of its formats (CSV, JSON lines,
 * GeoJSON, FtM, GraphML, GEXF), for `chokepoint export` and `GET …/export/:kind` alike. The
 * rows come from the store's queries; the network is the one every front end builds.
 */
import { BASELINE_FIELDS, SEIZURE_ITEM_FIELDS } from '../arms/schema.ts';
import { writeCsv, type CsvCell } from '../core/csv.ts';
import { ChokepointError } from '../core/errors.ts';
import { writeJsonLines } from '../core/jsonl.ts';
import { lookupCountry, lookupPlace } from '../geo/gazetteer.ts';
import { INCIDENT_FIELDS, type Incident } from '../incidents/schema.ts';
import type { Network } from '../network/graph.ts';
import { ORDER_FIELDS } from '../network/orders.ts';
import {
  seizuresGeoJson,
  toGexf,
  toGraphml,
  type GeoPoint,
  type GraphData,
  type SeizurePlaceRow,
} from '../reports/exports.ts';
import { listBaseline, listItems, listSeizures } from '../store/arms.ts';
import type { Store } from '../store/connect.ts';
import { listEntities } from '../store/entities.ts';
import { listIncidents } from '../store/incidents.ts';
import { listOrders } from '../store/orders.ts';
import { listSources, recordsOfSource } from '../store/sources.ts';
import type { TimelineKind } from '../core/timeline.ts';
import { loadCaseNetwork } from './network.ts';
import { caseTimeline } from './timeline.ts';

export const EXPORT_FORMATS: Record<string, readonly string[]> = {
  incidents: ['jsonl', 'csv', 'geojson'],
  seizures: ['csv', 'jsonl', 'geojson'],
  baseline: ['csv', 'jsonl'],
  orders: ['csv', 'jsonl'],
  ftm: ['ftm', 'jsonl'],
  sources: ['jsonl'],
  network: ['graphml', 'gexf'],
  timeline: ['csv', 'jsonl'],
};

/**
 * What a page is showing, so that its export holds the same records: a period (incidents,
 * orders and the timeline by their date), record ids (incidents, orders, seizures, entities)
 * and the timeline's kinds. A filter a kind has no use for is ignored.
 */
export interface ExportFilters {
  from?: string;
  to?: string;
  ids?: readonly string[];
  kinds?: readonly TimelineKind[];
}

export interface ExportOptions {
  caseIds?: string[];
  format?: string;
  filters?: ExportFilters;
}

/** Whether a record passes the filters, by its id and its date (YYYY-MM-DD…). */
function kept(f: ExportFilters | undefined, id: string, date?: string | null): boolean {
  if (!f) return true;
  if (f.ids?.length && !f.ids.includes(id)) return false;
  const day = date?.slice(0, 10);
  if (f.from && (!day || day < f.from)) return false;
  if (f.to && (!day || day > f.to)) return false;
  return true;
}

const TIMELINE_FIELDS = ['date', 'kind', 'id', 'title', 'detail'] as const;

/** Writes a kind out in one of its formats; the first format listed is the default. */
export async function exportKind(
  store: Store,
  kind: string,
  opts: ExportOptions = {},
): Promise<string> {
  const formats = EXPORT_FORMATS[kind];
  if (!formats) {
    throw new ChokepointError('CP_UNKNOWN_KIND', `cannot export kind "${kind}"`, {
      expected: `one of ${Object.keys(EXPORT_FORMATS).join(', ')}`,
    });
  }
  const format = opts.format ?? formats[0]!;
  if (!formats.includes(format)) {
    throw new ChokepointError('CP_BAD_OPTION', `kind "${kind}" cannot be written as "${format}"`, {
      field: 'format',
      expected: formats.join(', '),
    });
  }
  const caseIds = opts.caseIds ?? ['default'];
  const db = store.db;
  const f = opts.filters;
  switch (kind) {
    case 'incidents': {
      const incidents = (await listIncidents(db, { caseIds, includeMerged: true })).filter((i) =>
        kept(f, i.id, i.date),
      );
      if (format === 'csv') return writeCsv(INCIDENT_FIELDS, incidents.map(incidentCsvRow));
      if (format === 'geojson') return JSON.stringify(incidentsGeoJson(incidents)) + '\n';
      return writeJsonLines(incidents);
    }
    case 'seizures': {
      // Seizures are chosen by their ids; the items go with their seizure.
      const bySeizure = { ids: f?.ids };
      const items = (await listItems(db, caseIds)).filter((it) => kept(bySeizure, it.seizure_id));
      if (format === 'geojson') {
        const counts = new Map<string, number>();
        for (const it of items)
          counts.set(it.seizure_id, (counts.get(it.seizure_id) ?? 0) + it.quantity);
        const seizures = (await listSeizures(db, caseIds))
          .filter((s) => kept(bySeizure, s.id))
          .map(({ case_id: _c, ...s }) => ({
            ...s,
            items: counts.get(s.id) ?? 0,
          }));
        return JSON.stringify(seizuresGeoJson(seizures, locateSeizure)) + '\n';
      }
      return format === 'csv' ? writeCsv(SEIZURE_ITEM_FIELDS, items) : writeJsonLines(items);
    }
    case 'baseline': {
      const rows = await listBaseline(db, caseIds);
      return format === 'csv' ? writeCsv(BASELINE_FIELDS, rows) : writeJsonLines(rows);
    }
    case 'orders': {
      const orders = (await listOrders(db, caseIds)).filter((o) =>
        kept(f, o.order_id, o.order_date),
      );
      return format === 'csv'
        ? writeCsv(ORDER_FIELDS, orders as unknown as Record<string, CsvCell>[])
        : writeJsonLines(orders);
    }
    case 'ftm':
      return writeJsonLines(
        (await listEntities(db, { caseIds })).filter((e) => kept({ ids: f?.ids }, e.id)),
      );
    case 'timeline': {
      const items = [];
      for (const caseId of caseIds)
        items.push(
          ...(await caseTimeline(store, { caseId, from: f?.from, to: f?.to, kinds: f?.kinds }))
            .items,
        );
      return format === 'csv' ? writeCsv(TIMELINE_FIELDS, items) : writeJsonLines(items);
    }
    case 'network': {
      // The network as every front end builds it (network.ts).
      const net = await loadCaseNetwork(store, caseIds);
      const graph = networkGraphData(net);
      return format === 'gexf' ? toGexf(graph) : toGraphml(graph);
    }
    case 'sources': {
      const out = [];
      for (const caseId of caseIds) {
        for (const s of await listSources(db, caseId)) {
          out.push({ ...s, evidence: await recordsOfSource(db, caseId, s.id) });
        }
      }
      return writeJsonLines(out);
    }
  }
  throw new ChokepointError('CP_UNKNOWN_KIND', `cannot export kind "${kind}"`);
}

function incidentCsvRow({ spans: _spans, ...i }: Incident): Record<string, CsvCell> {
  return {
    ...i,
    sources: i.sources.map((s) => (s.date ? `${s.name}|${s.date}` : s.name)).join(';'),
  };
}

export function incidentsGeoJson(incidents: Incident[]) {
  return {
    type: 'FeatureCollection',
    features: incidents
      .filter((i) => i.lat !== null && i.lon !== null)
      .map((i) => {
        const { lat, lon, ...properties } = i;
        return {
          type: 'Feature',
          id: i.id,
          geometry: { type: 'Point', coordinates: [lon, lat] },
          properties,
        };
      }),
  };
}

/** The network for Gephi: parties as nodes, merged supply/control/payment/link edges. */
export function networkGraphData(net: Network): GraphData {
  return {
    nodes: net.nodes.map((n) => ({
      id: n.id,
      label: n.name,
      schema: n.schema,
      country: n.country,
    })),
    edges: net.edges.map((e, i) => ({
      id: `e${i + 1}`,
      source: e.source,
      target: e.target,
      kind: e.kind === 'association' ? 'link' : e.kind,
      schema: e.via.join(';'),
      label: [...e.order_ids, ...e.relation_ids].join(';') || null,
      commodity: e.commodities.join(';') || null,
      weight: Math.max(1, e.order_ids.length + e.relation_ids.length),
      date: [...e.dates].sort()[0] ?? null,
    })),
  };
}

/**
 * A seizure's place text ("Abu Khashab, Deir ez-Zor") looked up in the gazetteer: the
 * whole text, then each comma-separated part from the most precise, within its country.
 */
export function locateSeizure(s: SeizurePlaceRow): GeoPoint | null {
  if (!s.place) return null;
  const cc = s.country ? lookupCountry(s.country)?.code : undefined;
  const ctx = cc ? { countries: [cc] } : {};
  const parts = s.place
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const [i, name] of [s.place, ...parts].entries()) {
    const hit = lookupPlace(name, ctx).find((p) => !cc || p.country_code === cc);
    // Found only by a broader part (the province after the village): the point is the
    // region's seat, so the precision is the region's (ACLED's 3).
    if (hit)
      return {
        lat: hit.lat,
        lon: hit.lon,
        matched: `${hit.name}, ${hit.country_code}`,
        precision: i <= 1 ? hit.precision : 3,
      };
  }
  return null;
}
