import { useMemo, type ReactNode } from 'react';
import { axisTooltip, barOption } from '../components/chartOptions.ts';
import { LazyChart as Chart } from '../components/LazyChart.tsx';
import { IncidentCard } from '../components/Incident.tsx';
import { addDays, DateInput, fmt, Missing, Stat, useCaseApi } from '../lib.tsx';
import { href, setParams } from '../router.ts';
import type { CaseResponse } from '../api.ts';
import { ActorRollup } from './dashboard/ActorRollup.tsx';
import { ProvinceChanges } from './dashboard/ProvinceChanges.tsx';

type Summary = CaseResponse<'summary'>;
type Bucket = Summary['by_week'][number];

/** A roll-up's buckets as chart rows, most attacks first. */
export function groupRows(groups: Bucket[] | undefined): { key: string; value: number }[] {
  return (groups ?? [])
    .map((g) => ({ key: g.key || 'unknown', value: g.attacks }))
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
}

/** The week's totals, each against the week before: field, label, test id, digits. */
const TOTALS: [
  keyof Summary['totals'] & keyof NonNullable<Summary['previous']>,
  string,
  string,
  number,
][] = [
  ['attacks', 'Attacks', 'stat-attacks', 0],
  ['killed', 'Killed', 'stat-killed', 0],
  ['wounded', 'Wounded', 'stat-wounded', 0],
  ['casualties_per_attack', 'Casualties per attack', 'stat-cpa', 2],
];

/**
 * The week at a glance. The demo world is not "now": the reporting week ends at the latest
 * incident on record (the first of the list newest first: one indexed row however many
 * incidents there are), or at the day the URL names (`#/dashboard?to=2021-01-12`).
 */
export function Dashboard({ params }: { params: URLSearchParams }): ReactNode {
  const latest = useCaseApi('incidents', { limit: 1, sort: '-date' });
  const latestDate = latest.data?.items[0]?.date ?? null;
  const total = latest.data ? latest.data.total : null;
  const chosenEnd = params.get('to') ?? '';
  const to = chosenEnd || latestDate;
  const from = to ? addDays(to, -6) : null;
  const summary = useCaseApi(to ? 'summary' : null, { from, to, compare: 'previous' });
  const trend = useCaseApi(to ? 'summary' : null, {
    from: to ? addDays(to, -83) : null,
    to,
  });
  const week = useCaseApi(to ? 'incidents' : null, { from, to, limit: 100 });
  const weekItems = useMemo(
    () => [...(week.data?.items ?? [])].reverse().slice(0, 25),
    [week.data],
  );

  const s = summary.data;
  const prev = s?.previous ?? undefined;
  const byAdmin1 = useMemo(() => barOption(groupRows(s?.by_admin1).slice(0, 15), 'attacks'), [s]);
  const byType = useMemo(() => barOption(groupRows(s?.by_attack_type), 'attacks'), [s]);
  const trendOption = useMemo(() => {
    const weeks = trend.data?.by_week ?? [];
    return {
      grid: { left: 40, right: 16, top: 30, bottom: 40 },
      legend: { top: 0 },
      tooltip: axisTooltip(),
      xAxis: { type: 'category', data: weeks.map((w) => w.key) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'line',
          name: 'attacks',
          data: weeks.map((w) => w.attacks),
          itemStyle: { color: '#b5482b' },
        },
        {
          type: 'line',
          name: 'casualties',
          data: weeks.map((w) => w.casualties),
          itemStyle: { color: '#2b6cb5' },
        },
      ],
    };
  }, [trend.data]);

  if (latest.error) return <Missing loaded={latest} what="incidents" />;
  if (total === 0 || (latest.data && !latestDate))
    return (
      <section>
        <h1>Dashboard</h1>
        <p>No dated incidents in this case yet. Import some on the Imports page.</p>
      </section>
    );

  return (
    <section className="dashboard">
      <div className="page-head">
        <h1>Dashboard</h1>
        <DateInput
          label="Week ending"
          value={to ?? ''}
          onChange={(v) => setParams({ to: v || null })}
          testId="week-end"
        />
        {from && to ? (
          <span className="muted" data-testid="period">
            {from} – {to} against the 7 days before ·{' '}
            <a href={href('map', { to, w: 7 })} data-testid="week-on-map">
              this week on the map
            </a>
          </span>
        ) : null}
      </div>
      <Missing loaded={summary} what="summary" />
      {s ? (
        <>
          <div className="stats" data-testid="totals">
            {TOTALS.map(([key, label, testId, digits]) => (
              <Stat
                key={key}
                label={label}
                value={s.totals[key]}
                previous={prev?.[key]}
                digits={digits}
                testId={testId}
              />
            ))}
          </div>
          <div className="grid2">
            <div className="card">
              <h2>Attacks by province</h2>
              <Chart option={byAdmin1} label="Attacks by province" testId="chart-admin1" />
            </div>
            <div className="card">
              <h2>Attacks by type</h2>
              <Chart option={byType} label="Attacks by type" testId="chart-type" />
            </div>
          </div>
          {from && to ? <ProvinceChanges from={from} to={to} /> : null}
          <ActorRollup summary={s} />
        </>
      ) : null}
      <div className="card">
        <h2>Trend (12 weeks)</h2>
        <Missing loaded={trend} what="trend" />
        {trend.data ? (
          <Chart
            option={trendOption}
            height={220}
            label="Weekly attacks and casualties"
            testId="chart-trend"
          />
        ) : (
          <div className="chart" style={{ height: 220 }} />
        )}
      </div>
      <div className="card">
        <h2>Latest incidents</h2>
        <Missing loaded={week} what="incidents" />
        {week.data ? (
          <>
            <p className="muted">
              {fmt(week.data.total)} incident{week.data.total === 1 ? '' : 's'} in the week
            </p>
            <ol className="incident-list" data-testid="latest-incidents">
              {weekItems.map((i) => (
                <li key={i.id}>
                  <IncidentCard incident={i} />
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
    </section>
  );
}
