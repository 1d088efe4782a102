/**
 * ECharts options for the incident charts, shared by the reports (drawn server-side as SVG
 * in svg.ts) and the web app (drawn in the browser): the same figures look the same in
 * both. Options are plain JSON (no functions), so they can also travel over the API.
 */

/** A summary row (`summary --json` by_admin1 / by_attack_type / by_week entries). */
export interface ChartRow {
  key: string;
  /** Text shown for the key; the key when absent. */
  label?: string;
  attacks: number;
  killed?: number | null;
  wounded?: number | null;
  casualties?: number | null;
}

export type EChartsOptionJson = Record<string, unknown>;

export const CHART_COLOURS = {
  current: '#8a1c1c',
  previous: '#b8bfcc',
  casualties: '#d08c2f',
  line: '#24466b',
} as const;

const TEXT = { fontFamily: 'DejaVu Sans, Liberation Sans, Arial, sans-serif', color: '#1d2330' };

function base(title: string): EChartsOptionJson {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: TEXT,
    title: { text: title, left: 'center', top: 4, textStyle: { ...TEXT, fontSize: 14 } },
    grid: { left: 12, right: 28, top: 48, bottom: 28, containLabel: true },
  };
}

const label = (r: ChartRow) => r.label ?? r.key;

/** Horizontal bars, largest first, keeping the top `limit` rows. */
function topRows(rows: ChartRow[], limit: number, value: (r: ChartRow) => number): ChartRow[] {
  return [...rows]
    .sort((a, b) => value(b) - value(a) || label(a).localeCompare(label(b)))
    .slice(0, limit);
}

/**
 * Attacks per province, this period against the previous one (bars side by side): the
 * bulletin's "where" chart. Provinces of either period appear.
 */
export function attacksByProvinceOption(
  current: ChartRow[],
  previous: ChartRow[] = [],
  opts: { limit?: number; title?: string } = {},
): EChartsOptionJson {
  const prev = new Map(previous.map((r) => [r.key, r]));
  const keys = new Map<string, ChartRow>();
  for (const r of [...current, ...previous]) if (!keys.has(r.key)) keys.set(r.key, r);
  const cur = new Map(current.map((r) => [r.key, r]));
  const rows = topRows(
    [...keys.values()],
    opts.limit ?? 12,
    (r) => cur.get(r.key)?.attacks ?? 0,
  ).reverse();
  return {
    ...base(opts.title ?? 'Attacks by province'),
    legend: { top: 26, data: ['This period', 'Previous period'], textStyle: TEXT },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map(label),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: 'Previous period',
        type: 'bar',
        data: rows.map((r) => prev.get(r.key)?.attacks ?? 0),
        itemStyle: { color: CHART_COLOURS.previous },
      },
      {
        name: 'This period',
        type: 'bar',
        data: rows.map((r) => cur.get(r.key)?.attacks ?? 0),
        itemStyle: { color: CHART_COLOURS.current },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** Attacks per attack type (IED, armed assault, …), largest first. */
export function attacksByTypeOption(
  rows: ChartRow[],
  opts: { limit?: number; title?: string } = {},
): EChartsOptionJson {
  const top = topRows(rows, opts.limit ?? 13, (r) => r.attacks).reverse();
  return {
    ...base(opts.title ?? 'Attacks by type'),
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: top.map(label),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: 'Attacks',
        type: 'bar',
        data: top.map((r) => r.attacks),
        itemStyle: { color: CHART_COLOURS.current },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/**
 * Casualties per attack per row (province or type): how deadly attacks were, not just how
 * many. Rows without attacks are left out; values are rounded to one decimal.
 */
export function casualtiesPerAttackOption(
  rows: ChartRow[],
  opts: { limit?: number; title?: string } = {},
): EChartsOptionJson {
  const ratio = (r: ChartRow) => (r.attacks > 0 ? (r.casualties ?? 0) / r.attacks : 0);
  const top = topRows(
    rows.filter((r) => r.attacks > 0),
    opts.limit ?? 12,
    ratio,
  ).reverse();
  return {
    ...base(opts.title ?? 'Casualties per attack'),
    xAxis: { type: 'value' },
    yAxis: {
      type: 'category',
      data: top.map(label),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: 'Casualties per attack',
        type: 'bar',
        data: top.map((r) => Math.round(ratio(r) * 10) / 10),
        itemStyle: { color: CHART_COLOURS.casualties },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** Attacks (line) and casualties (bars) per week: the trend leading to the period. */
export function weeklyTrendOption(
  weeks: ChartRow[],
  opts: { title?: string } = {},
): EChartsOptionJson {
  const rows = [...weeks].sort((a, b) => a.key.localeCompare(b.key));
  return {
    ...base(opts.title ?? 'Weekly trend'),
    legend: { top: 26, data: ['Attacks', 'Casualties'], textStyle: TEXT },
    xAxis: {
      type: 'category',
      data: rows.map(label),
      axisLabel: { rotate: rows.length > 8 ? 30 : 0 },
    },
    yAxis: [
      { type: 'value', name: 'Attacks', minInterval: 1 },
      { type: 'value', name: 'Casualties', minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Casualties',
        type: 'bar',
        yAxisIndex: 1,
        data: rows.map((r) => r.casualties ?? 0),
        itemStyle: { color: CHART_COLOURS.casualties, opacity: 0.75 },
      },
      {
        name: 'Attacks',
        type: 'line',
        data: rows.map((r) => r.attacks),
        itemStyle: { color: CHART_COLOURS.line },
        lineStyle: { width: 2.5 },
        symbolSize: 7,
        label: { show: true, position: 'top' },
      },
    ],
  };
}
