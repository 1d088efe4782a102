import { useMemo, type ReactNode } from 'react';
import { axisTooltip } from '../../components/chartOptions.ts';
import { LazyChart as Chart } from '../../components/LazyChart.tsx';
import { num, TableHead } from '../../components/TableHead.tsx';
import { fmt, Missing, useCaseApi } from '../../lib.tsx';
import { href } from '../../router.ts';

/** Provinces charted at most (the table lists them all). */
const CHARTED = 12;

/**
 * Attacks per province, this week against the week before: the bulletin's comparison
 * (`GET …/summary/provinces`), every province of either week as a table, the busiest as a
 * paired bar chart. Each province links to its incidents of the week.
 */
export function ProvinceChanges({ from, to }: { from: string; to: string }): ReactNode {
  const loaded = useCaseApi('summary/provinces', { from, to });
  const rows = useMemo(
    () =>
      [...(loaded.data?.provinces ?? [])].sort(
        (a, b) =>
          b.attacks - a.attacks || b.previous - a.previous || a.label.localeCompare(b.label),
      ),
    [loaded.data],
  );
  const option = useMemo(() => {
    const top = rows.slice(0, CHARTED);
    const prev = loaded.data?.previous;
    return {
      grid: { left: 130, right: 16, top: 30, bottom: 24 },
      legend: { top: 0 },
      tooltip: axisTooltip(),
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: top.map((r) => r.label),
        axisLabel: { width: 120, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          name: `${from} – ${to}`,
          data: top.map((r) => r.attacks),
          itemStyle: { color: '#b5482b' },
        },
        {
          type: 'bar',
          name: prev ? `${prev.from} – ${prev.to}` : 'previous',
          data: top.map((r) => r.previous),
          itemStyle: { color: '#9aa5b1' },
        },
      ],
    };
  }, [rows, loaded.data, from, to]);
  return (
    <div className="card" data-testid="province-changes">
      <h2>Provinces: this week against the week before</h2>
      <Missing loaded={loaded} what="provinces" />
      {loaded.data ? (
        rows.length === 0 ? (
          <p className="muted">No attacks in either week.</p>
        ) : (
          <div className="grid2">
            <Chart
              option={option}
              height={Math.max(180, 28 * Math.min(CHARTED, rows.length) + 60)}
              label="Attacks by province, this week and the week before"
              testId="chart-provinces"
            />
            <div className="table-wrap">
              <table className="data" data-testid="province-table">
                <caption className="muted">
                  Attacks {from} – {to} against {loaded.data.previous.from} –{' '}
                  {loaded.data.previous.to}
                </caption>
                <TableHead
                  columns={[
                    'Province',
                    'Country',
                    num('This week'),
                    num('Week before'),
                    num('Change'),
                  ]}
                />
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.key} data-province={r.province}>
                      <td>
                        <a
                          href={href('incidents', {
                            admin1: r.province,
                            country: r.country ?? '',
                            from,
                            to,
                          })}
                        >
                          {r.province}
                        </a>
                      </td>
                      <td>{r.country ?? '—'}</td>
                      <td className="num">{fmt(r.attacks)}</td>
                      <td className="num">{fmt(r.previous)}</td>
                      <td className={`num ${r.delta > 0 ? 'up' : r.delta < 0 ? 'down' : ''}`}>
                        {r.delta > 0 ? '+' : ''}
                        {fmt(r.delta)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )
      ) : null}
    </div>
  );
}
