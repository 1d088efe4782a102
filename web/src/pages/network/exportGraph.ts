import type Graph from 'graphology';
import { edgeShown, filtering, type GraphView } from './graph.ts';

/**
 * The graph as drawn (the view's commodity and period applied) as a file: JSON
 * `{nodes, edges}` for scripts, or a CSV edge list for a spreadsheet (cells that a
 * spreadsheet would read as a formula are quoted with a leading apostrophe).
 */
export function graphFile(g: Graph, v: GraphView, format: 'json' | 'csv'): Blob {
  const edges = g
    .mapEdges((id, a, source, target) => ({
      id,
      source,
      target,
      kind: String(a.kind ?? ''),
      commodities: (a.commodities as string[] | undefined) ?? [],
      dates: (a.dates as string[] | undefined) ?? [],
    }))
    .filter((e) => edgeShown(e, v));
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = g
    .mapNodes((id, a) => ({
      id,
      label: String(a.label ?? ''),
      schema: String(a.schema ?? ''),
      junction_score: Number(a.junction ?? 0),
    }))
    .filter((n) => !filtering(v) || used.has(n.id));
  if (format === 'json')
    return new Blob([JSON.stringify({ view: viewOf(v), nodes, edges }, null, 2)], {
      type: 'application/json',
    });
  const names = new Map(nodes.map((n) => [n.id, n.label]));
  const rows = [
    ['source', 'source_name', 'target', 'target_name', 'kind', 'commodities', 'dates'],
    ...edges.map((e) => [
      e.source,
      names.get(e.source) ?? '',
      e.target,
      names.get(e.target) ?? '',
      e.kind,
      e.commodities.join(';'),
      e.dates.join(';'),
    ]),
  ];
  return new Blob([rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'], {
    type: 'text/csv',
  });
}

function viewOf(v: GraphView) {
  return { commodity: v.commodity || null, since: v.since || null, until: v.until || null };
}

function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Saves a blob under a name, as the browser's download. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
