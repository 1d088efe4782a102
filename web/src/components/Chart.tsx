import { useEffect, useRef, type ReactNode } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  SVGRenderer,
]);

/** One ECharts chart; the option is plain data, so names in it are drawn as text, not HTML. */
export function Chart({
  option,
  height = 260,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  testId?: string;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const el = ref.current;
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);
  return (
    <div
      ref={ref}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}

/** Tooltip formatter that escapes: ECharts tooltips are HTML, and names are untrusted. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
