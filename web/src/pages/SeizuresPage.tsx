import { useEffect, useMemo, useState, type ComponentProps, type ReactNode } from 'react';
import { LazyChart as Chart } from '../components/LazyChart.tsx';
import { Missing, useCaseApi, type Loaded } from '../lib.tsx';
import type { Schemas } from '../api.ts';
import { compositionOption, linksOption } from './seizures/charts.ts';
import { DossierLinks } from '../components/DossierLinks.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { ItemSearch } from './seizures/ItemSearch.tsx';
import { LinkTable, SeizureTable, SurpriseTable } from './seizures/tables.tsx';

const BY = ['model', 'country', 'calibre', 'type'] as const;

/** A card with a chart, what loading it said, and a note above it when there is one. */
function ChartCard({
  title,
  loaded,
  what,
  note,
  ...chart
}: {
  title: string;
  loaded: Pick<Loaded<unknown>, 'loading' | 'error'>;
  what: string;
  note?: string | null;
} & ComponentProps<typeof Chart>): ReactNode {
  return (
    <div className="card">
      <h2>{title}</h2>
      <Missing loaded={loaded} what={what} />
      {note ? <p className="muted">{note}</p> : null}
      <Chart {...chart} />
    </div>
  );
}

export default function SeizuresPage({ params }: { params: URLSearchParams }): ReactNode {
  const seizures = useCaseApi('seizures', { limit: 500 });
  const [selected, setSelected] = useState<string | null>(params.get('seizure'));
  // A link to another seizure (#/seizures?seizure=…) changes the route, not the page.
  useEffect(() => setSelected(params.get('seizure')), [params]);
  const [by, setBy] = useState<string>('model');
  const [withinType, setWithinType] = useState('');
  const composition = useCaseApi('arms/composition', {
    by,
    within_type: withinType || undefined,
    seizure: selected ?? undefined,
  });
  const links = useCaseApi('arms/links');
  const [link, setLink] = useState<Schemas['Link'] | null>(null);

  const comp = composition.data;
  const groups = useMemo(() => {
    if (!comp) return [];
    const perSeizure = selected ? comp.seizures.find((s) => s.seizure_id === selected) : undefined;
    return (perSeizure?.groups ?? comp.overall.groups).slice(0, 14);
  }, [comp, selected]);
  const compOption = useMemo(() => compositionOption(groups, selected), [groups, selected]);

  const ranking = useMemo(
    () =>
      [...(comp?.overall.groups ?? [])]
        .filter((g) => g.surprise !== null)
        .sort((a, b) => (b.surprise ?? 0) - (a.surprise ?? 0))
        .slice(0, 20),
    [comp],
  );

  const linkOption = useMemo(
    () =>
      linksOption(
        links.data?.links ?? [],
        (seizures.data?.items ?? []).map((s) => s.id),
        selected,
      ),
    [links.data, seizures.data, selected],
  );

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
        {selected ? <DossierLinks kind="seizure" id={selected} /> : null}
        <ExportMenu kind="seizures" label="Export" query={{ ids: selected ?? undefined }} />
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
          <SeizureTable seizures={seizures.data.items} selected={selected} onSelect={setSelected} />
        </div>
      ) : null}
      <div className="grid2">
        <ChartCard
          title={`Composition against the baseline ${selected ? `(${selected})` : '(all seizures)'}`}
          loaded={composition}
          what="composition"
          note={comp?.baseline.note}
          option={compOption}
          height={320}
          label="Composition against the baseline"
          testId="chart-composition"
        />
        <div className="card">
          <h2>Surprise ranking (over-represented against the baseline)</h2>
          <div className="table-wrap" style={{ maxHeight: 320 }}>
            <SurpriseTable by={by} groups={ranking} />
          </div>
        </div>
      </div>
      <div className="grid2">
        <ChartCard
          title="Links between seizures"
          loaded={links}
          what="links"
          option={linkOption}
          height={300}
          label="Graph of links between seizures"
          testId="chart-links"
        />
        <div className="card">
          <h2>Evidence of each link</h2>
          <div className="table-wrap" style={{ maxHeight: 300 }}>
            <LinkTable links={links.data?.links ?? []} chosen={link} onChoose={setLink} />
          </div>
          {link ? <p className="muted">Items: {link.items.join(', ')}</p> : null}
        </div>
      </div>
      <ItemSearch selected={selected} item={params.get('item')} />
    </section>
  );
}
