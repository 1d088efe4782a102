import { useMemo, useState, type ReactNode } from 'react';
import { escapeHtml } from '../components/chartOptions.ts';
import { LazyChart as Chart } from '../components/LazyChart.tsx';
import { fmt, Missing, text, useCaseApi } from '../lib.tsx';
import type { Schemas } from '../api.ts';

type Link = Schemas['Link'];
/** An item row: a serial search hit, or an item of the chosen seizure (which has every field). */
type Item = Schemas['SerialHit'] | Schemas['SeizureItem'];
const field = (it: Item, k: Exclude<keyof Schemas['SeizureItem'], keyof Schemas['SerialHit']>) =>
  k in it ? (it as Schemas['SeizureItem'])[k] : null;

const BY = ['model', 'country', 'calibre', 'type'] as const;
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${fmt(x * 100, 1)} %`;

export default function SeizuresPage({ params }: { params: URLSearchParams }): ReactNode {
  const seizures = useCaseApi('seizures', { limit: 500 });
  const [selected, setSelected] = useState<string | null>(params.get('seizure'));
  const [by, setBy] = useState<string>('model');
  const [withinType, setWithinType] = useState('');
  const composition = useCaseApi('arms/composition', {
    by,
    within_type: withinType || undefined,
    seizure: selected ?? undefined,
  });
  const links = useCaseApi('arms/links');
  const [serial, setSerial] = useState('');
  const [serialQuery, setSerialQuery] = useState('');
  // Items: a serial search across the case, or the chosen seizure's own items.
  const searched = useCaseApi(serialQuery ? 'items' : null, {
    serial: /[*?]/.test(serialQuery) ? serialQuery : `*${serialQuery}*`,
    limit: 500,
  });
  const detail = useCaseApi(!serialQuery && selected ? 'seizures/{id}' : null, {
    id: selected ?? undefined,
  });
  const items = serialQuery ? searched : detail;
  const [link, setLink] = useState<Link | null>(null);

  const comp = composition.data;
  const groups = useMemo(() => {
    if (!comp) return [];
    const perSeizure = selected ? comp.seizures.find((s) => s.seizure_id === selected) : undefined;
    return (perSeizure?.groups ?? comp.overall.groups).slice(0, 14);
  }, [comp, selected]);
  const compOption = useMemo(
    () => ({
      grid: { left: 140, right: 20, top: 30, bottom: 24 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        formatter: (p: { name: string; seriesName: string; value: number }[]) =>
          escapeHtml(p[0]?.name) +
          '<br>' +
          p.map((x) => `${escapeHtml(x.seriesName)}: ${x.value} %`).join('<br>'),
      },
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
          data: groups.map((g) => Math.round(g.share * 1000) / 10),
          itemStyle: { color: '#b5482b' },
        },
        {
          type: 'bar',
          name: 'global baseline',
          data: groups.map((g) =>
            g.baseline_share === null ? 0 : Math.round(g.baseline_share * 1000) / 10,
          ),
          itemStyle: { color: '#8a98a6' },
        },
      ],
    }),
    [groups, selected],
  );

  const ranking = useMemo(
    () =>
      [...(comp?.overall.groups ?? [])]
        .filter((g) => g.surprise !== null)
        .sort((a, b) => (b.surprise ?? 0) - (a.surprise ?? 0))
        .slice(0, 20),
    [comp],
  );

  const linkOption = useMemo(() => {
    const ls = links.data?.links ?? [];
    const ids = new Set<string>([
      ...(seizures.data?.items ?? []).map((s) => s.id),
      ...ls.flatMap((l) => l.seizures),
    ]);
    const edges = ls.filter((l) => l.seizures.length >= 2);
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
  }, [links.data, seizures.data, selected]);

  const allItems: Item[] = items.data?.items ?? [];
  const itemRows = allItems.slice(0, 500);

  return (
    <section>
      <div className="page-head">
        <h1>Seizures</h1>
        <label>
          Seizure
          <select
            value={selected ?? ''}
            onChange={(e) => setSelected(e.target.value || null)}
            data-testid="seizure-select"
          >
            <option value="">all seizures</option>
            {(seizures.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} · {s.seizure_date ?? ''} {s.place ?? ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Group by
          <select value={by} onChange={(e) => setBy(e.target.value)}>
            {BY.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          Within type
          <input
            value={withinType}
            onChange={(e) => setWithinType(e.target.value)}
            placeholder="assault_rifle"
          />
        </label>
      </div>
      <Missing loaded={seizures} what="seizures" />
      {seizures.data ? (
        <div className="card">
          <table className="data" data-testid="seizure-table">
            <thead>
              <tr>
                <th>Seizure</th>
                <th>Date</th>
                <th>Place</th>
                <th>Country</th>
                <th>Seized by</th>
                <th className="num">Items</th>
              </tr>
            </thead>
            <tbody>
              {seizures.data.items.map((s) => (
                <tr key={s.id} className={s.id === selected ? 'selected' : ''}>
                  <td>
                    <button className="link" onClick={() => setSelected(s.id)}>
                      {s.id}
                    </button>
                  </td>
                  <td className="nowrap">{s.seizure_date}</td>
                  <td>{s.place}</td>
                  <td>{s.country}</td>
                  <td>{s.seized_by}</td>
                  <td className="num">{fmt(s.items)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="grid2">
        <div className="card">
          <h2>Composition against the baseline {selected ? `(${selected})` : '(all seizures)'}</h2>
          <Missing loaded={composition} what="composition" />
          {comp?.baseline.note ? <p className="muted">{comp.baseline.note}</p> : null}
          <Chart
            option={compOption}
            height={320}
            label="Composition against the baseline"
            testId="chart-composition"
          />
        </div>
        <div className="card">
          <h2>Surprise ranking (over-represented against the baseline)</h2>
          <div className="table-wrap" style={{ maxHeight: 320 }}>
            <table className="data" data-testid="surprise">
              <thead>
                <tr>
                  <th>{by}</th>
                  <th className="num">Count</th>
                  <th className="num">Share</th>
                  <th className="num">Baseline</th>
                  <th className="num">Lift</th>
                  <th className="num">−log₁₀ p</th>
                  <th className="num">Seizures</th>
                </tr>
              </thead>
              <tbody>
                {ranking.map((g) => (
                  <tr key={g.key}>
                    <td>{g.label}</td>
                    <td className="num">{g.count}</td>
                    <td className="num">{pct(g.share)}</td>
                    <td className="num">{pct(g.baseline_share)}</td>
                    <td className="num">{fmt(g.lift, 1)}×</td>
                    <td className="num">{fmt(g.surprise, 1)}</td>
                    <td className="num">{fmt(g.seizures_present)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      <div className="grid2">
        <div className="card">
          <h2>Links between seizures</h2>
          <Missing loaded={links} what="links" />
          <Chart
            option={linkOption}
            height={300}
            label="Graph of links between seizures"
            testId="chart-links"
          />
        </div>
        <div className="card">
          <h2>Evidence of each link</h2>
          <div className="table-wrap" style={{ maxHeight: 300 }}>
            <table className="data" data-testid="links">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Seizures</th>
                  <th className="num">Strength</th>
                  <th>Evidence</th>
                </tr>
              </thead>
              <tbody>
                {(links.data?.links ?? []).map((l) => (
                  <tr key={l.id} className={link?.id === l.id ? 'selected' : ''}>
                    <td className="nowrap">
                      <button className="link" onClick={() => setLink(l)}>
                        {l.kind}
                      </button>
                    </td>
                    <td className="nowrap">{l.seizures.join(' ↔ ')}</td>
                    <td className="num">{fmt(l.strength, 2)}</td>
                    <td className="small">
                      {Object.entries(l.evidence)
                        .map(
                          ([k, v]) =>
                            `${k}: ${typeof v === 'object' ? JSON.stringify(v) : text(v)}`,
                        )
                        .join(' · ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {link ? <p className="muted">Items: {link.items.join(', ')}</p> : null}
        </div>
      </div>
      <div className="card">
        <h2>Items</h2>
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSerialQuery(serial.trim());
          }}
        >
          <label>
            Serial number (part of it, or a glob like 56-*-12)
            <input
              value={serial}
              onChange={(e) => setSerial(e.target.value)}
              data-testid="serial-search"
            />
          </label>
          <button type="submit">Search</button>
          {serialQuery ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setSerial('');
                setSerialQuery('');
              }}
            >
              Clear
            </button>
          ) : null}
        </form>
        <Missing loaded={items} what="items" />
        {!serialQuery && !selected ? (
          <p className="muted">
            Choose a seizure above, or search a serial number across all seizures.
          </p>
        ) : null}
        {serialQuery && searched.data ? (
          <p className="muted" data-testid="serial-total">
            {fmt(searched.data.total)} item(s) match “{serialQuery}”
          </p>
        ) : null}
        {allItems.length > itemRows.length ? (
          <p className="muted">
            Showing the first {itemRows.length} of {fmt(allItems.length)} items: search a serial to
            narrow.
          </p>
        ) : null}
        <div className="table-wrap">
          <table className="data" data-testid="items">
            <thead>
              <tr>
                <th>Seizure</th>
                <th>Item</th>
                <th>Type</th>
                <th>Model</th>
                <th>Manufacturer</th>
                <th>Country</th>
                <th>Calibre</th>
                <th>Serial</th>
                <th>Lot</th>
                <th>In weapon</th>
                <th>Notes</th>
              </tr>
            </thead>
            <tbody>
              {itemRows.map((it) => (
                <tr key={`${it.seizure_id}/${it.item_id}`}>
                  <td>{it.seizure_id}</td>
                  <td>{it.item_id}</td>
                  <td>{it.type}</td>
                  <td>{it.model}</td>
                  <td>{it.manufacturer}</td>
                  <td>{field(it, 'country_of_manufacture')}</td>
                  <td>{field(it, 'calibre')}</td>
                  <td className="serial">{it.serial_number}</td>
                  <td>{it.lot}</td>
                  <td>{it.parent_item_id}</td>
                  <td>{field(it, 'notes')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
