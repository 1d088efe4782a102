import * as echarts from 'echarts';
import type { EChartsOptionJson } from './charts.ts';

/**
 * Draws an ECharts option as an SVG string without a browser (ECharts' server-side
 * rendering). ECharts escapes the text it writes; the hover <style> it adds is dropped,
 * since a printed report has no hover and several charts on one page would share its
 * class names.
 */
export function chartSvg(option: EChartsOptionJson, width = 640, height = 320): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    return svg.replace(/<style[\s\S]*?<\/style>/g, '');
  } finally {
    chart.dispose();
  }
}

/** Rows of a chart: a height that leaves each bar readable. */
export function barChartHeight(rows: number): number {
  return Math.max(180, Math.min(560, 70 + rows * 26));
}
