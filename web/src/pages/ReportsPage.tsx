// Reports in the app: the weekly bulletin for any period (its figures and its text as a
// preview; HTML, PDF and Markdown to open or download) and the dossiers, which open from
// the entity, seizure and order pages. The same routes as `chokepoint report …`.
import { useEffect, useState, type ReactNode } from 'react';
import { ExportMenu } from '../components/ExportMenu.tsx';
import {
  addDays,
  DateInput,
  ErrorBox,
  Loading,
  Missing,
  Stat,
  useApp,
  useCaseApi,
} from '../lib.tsx';
import { ApiError, qs } from '../api.ts';
import { href, setParams } from '../router.ts';

const DOWNLOADS = [
  { format: 'pdf', label: 'Download PDF' },
  { format: 'md', label: 'Download Markdown' },
  { format: 'html', label: 'Download HTML' },
] as const;

export default function ReportsPage({ params }: { params: URLSearchParams }): ReactNode {
  // The demo world is not "now": without a chosen period, the week that ends on the latest incident.
  const latest = useCaseApi('incidents', { limit: 1, sort: '-date' });
  const latestDate = latest.data?.items[0]?.date ?? null;
  const to = params.get('to') || latestDate;
  const from = params.get('from') || (to ? addDays(to, -6) : null);
  return (
    <section>
      <div className="page-head">
        <h1>Reports</h1>
      </div>
      <div className="card">
        <h2>Weekly bulletin</h2>
        <form className="filters" aria-label="Bulletin period" onSubmit={(e) => e.preventDefault()}>
          <DateInput
            label="From"
            value={from ?? ''}
            testId="bulletin-from"
            onChange={(v) => setParams({ from: v })}
          />
          <DateInput
            label="To"
            value={to ?? ''}
            testId="bulletin-to"
            onChange={(v) => setParams({ to: v })}
          />
        </form>
        {from && to ? (
          <Bulletin from={from} to={to} />
        ) : (
          <Missing loaded={latest} what="the latest incident" />
        )}
      </div>
      <div className="card">
        <h2>Dossiers</h2>
        <p>
          A dossier gathers what is known of one record, every fact with its sources and grades.
          Open one from the page of an <a href={href('entity')}>entity</a> (search with <kbd>/</kbd>
          ), a <a href={href('seizures')}>seizure</a> or an <a href={href('orders')}>order</a>.
        </p>
        <h2>Exports</h2>
        <div className="filters">
          <ExportMenu kind="incidents" label="Incidents of the period" query={{ from, to }} />
          <ExportMenu kind="orders" label="Orders" />
          <ExportMenu kind="seizures" label="Seizures" />
          <ExportMenu kind="ftm" label="Entities" />
          <ExportMenu kind="network" label="Network" />
        </div>
      </div>
    </section>
  );
}

function Bulletin({ from, to }: { from: string; to: string }): ReactNode {
  const { caseRef } = useApp();
  const base = `/api/cases/${encodeURIComponent(caseRef.id)}/reports/bulletin`;
  const url = (format: string) => `${base}${qs({ from, to, format })}`;
  const summary = useCaseApi('summary', { from, to, compare: 'previous' });
  const t = summary.data?.totals;
  const p = summary.data?.previous;
  return (
    <div data-testid="bulletin">
      <div className="stats">
        <Stat label="Attacks" value={t?.attacks} previous={p?.attacks} testId="bulletin-attacks" />
        <Stat label="Killed" value={t?.killed} previous={p?.killed} />
        <Stat label="Wounded" value={t?.wounded} previous={p?.wounded} />
      </div>
      <p className="filters">
        <a href={url('html')} target="_blank" rel="noreferrer" data-testid="bulletin-open">
          Open the bulletin (HTML)
        </a>
        {DOWNLOADS.map((d) => (
          <a
            key={d.format}
            className="button-link"
            href={url(d.format)}
            download
            data-testid={`bulletin-${d.format}`}
          >
            {d.label}
          </a>
        ))}
      </p>
      <h3>Preview</h3>
      <BulletinText url={url('md')} />
    </div>
  );
}

/** The bulletin's text (its Markdown), read as plain text: never rendered as HTML here. */
function BulletinText({ url }: { url: string }): ReactNode {
  const [state, setState] = useState<{ url: string; text: string | null; error: ApiError | null }>({
    url: '',
    text: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    fetch(url, { credentials: 'same-origin' })
      .then(async (r) => {
        const body = await r.text();
        if (!live) return;
        if (r.ok) setState({ url, text: body, error: null });
        else
          setState({
            url,
            text: null,
            error: new ApiError({ code: 'CP_HTTP', status: r.status, message: body.slice(0, 300) }),
          });
      })
      .catch((e: unknown) => {
        if (live)
          setState({
            url,
            text: null,
            error: new ApiError({ code: 'CP_NETWORK', status: 0, message: String(e) }),
          });
      });
    return () => {
      live = false;
    };
  }, [url]);
  if (state.url !== url) return <Loading what="bulletin" />;
  if (state.error) return <ErrorBox error={state.error} />;
  return (
    <pre className="bulletin-preview" data-testid="bulletin-preview" tabIndex={0}>
      {state.text}
    </pre>
  );
}
