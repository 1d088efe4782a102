// ECharts options as plain data: kept apart from the ECharts runtime, which loads lazily.
import type { EChartsCoreOption } from 'echarts/core';

/** Tooltip formatter that escapes: ECharts tooltips are HTML, and names are untrusted. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An axis tooltip: the category, then each series' value (with `unit` after it). */
export function axisTooltip(unit = ''): {
  trigger: 'axis';
  formatter: (p: { name: string; seriesName: string; value: number }[]) => string;
} {
  return {
    trigger: 'axis',
    formatter: (p) =>
      escapeHtml(p[0]?.name) +
      '<br>' +
      p.map((x) => `${escapeHtml(x.seriesName)}: ${x.value}${unit}`).join('<br>'),
  };
}

export function barOption(
  rows: { key: string; value: number }[],
  name: string,
  horizontal = true,
): EChartsCoreOption {
  const keys = rows.map((r) => r.key);
  const values = rows.map((r) => r.value);
  const cat = { type: 'category', data: keys, axisLabel: { width: 120, overflow: 'truncate' } };
  const val = { type: 'value', minInterval: 1 };
  return {
    grid: { left: horizontal ? 130 : 40, right: 16, top: 16, bottom: horizontal ? 24 : 60 },
    tooltip: {
      trigger: 'axis',
      formatter: (p: { name: string; value: number }[]) =>
        p.map((x) => `${escapeHtml(x.name)}: ${escapeHtml(x.value)}`).join('<br>'),
    },
    xAxis: horizontal
      ? val
      : { ...cat, axisLabel: { rotate: 30, width: 90, overflow: 'truncate' } },
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [{ type: 'bar', name, data: values, itemStyle: { color: '#b5482b' } }],
  };
}
