// The Seizures page's chart options, as plain data.
import { axisTooltip, escapeHtml } from '../../components/chartOptions.ts';
import type { Schemas } from '../../api.ts';

/** Shares as percentages with one decimal. */
const percent = (share: number) => Math.round(share * 1000) / 10;

/** Each group's share of the seizures (or of one) beside its share of the global baseline. */
export function compositionOption(groups: Schemas['CompositionGroup'][], selected: string | null) {
  return {
    grid: { left: 140, right: 20, top: 30, bottom: 24 },
    legend: { top: 0 },
    tooltip: axisTooltip(' %'),
    xAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: groups.map((g) => g.label),
      axisLabel: { width: 130, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: selected ? `seizure ${selected}` : 'all seizures',
        data: groups.map((g) => percent(g.share)),
        itemStyle: { color: '#b5482b' },
      },
      {
        type: 'bar',
        name: 'global baseline',
        data: groups.map((g) => (g.baseline_share === null ? 0 : percent(g.baseline_share))),
        itemStyle: { color: '#8a98a6' },
      },
    ],
  };
}

/** The seizures as a circle of nodes, joined by the links that join two of them. */
export function linksOption(
  links: Schemas['Link'][],
  seizureIds: string[],
  selected: string | null,
) {
  const ids = new Set<string>([...seizureIds, ...links.flatMap((l) => l.seizures)]);
  const edges = links.filter((l) => l.seizures.length >= 2);
  return {
    tooltip: {
      formatter: (p: {
        dataType: string;
        name: string;
        data: { kind?: string; strength?: number };
      }) =>
        p.dataType === 'edge'
          ? `${escapeHtml(p.data.kind)} · strength ${escapeHtml(p.data.strength)}`
          : escapeHtml(p.name),
    },
    series: [
      {
        type: 'graph',
        layout: 'circular',
        roam: true,
        label: { show: true, position: 'right' },
        edgeLabel: {
          show: true,
          formatter: (p: { data: { kind: string } }) => p.data.kind,
          fontSize: 10,
        },
        lineStyle: { color: '#b5482b', curveness: 0.15, opacity: 0.8 },
        emphasis: { focus: 'adjacency' },
        data: [...ids].map((id) => ({
          id,
          name: id,
          symbolSize: 26,
          itemStyle: { color: id === selected ? '#b5482b' : '#2b6cb5' },
        })),
        links: edges.map((l) => ({
          source: l.seizures[0],
          target: l.seizures[1],
          kind: l.kind,
          strength: l.strength,
          linkId: l.id,
          lineStyle: { width: 1 + l.strength * 4 },
        })),
      },
    ],
  };
}
