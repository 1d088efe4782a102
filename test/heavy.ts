import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { World } from '../src/server/testing.ts';

/**
 * Issue 18, item 2: the four requests that used to freeze the server, sent at once while
 * /api/health is polled ten times a second. Returns the health latencies (and the event
 * loop's own delay) for the assertions and the README. Sizes are parameters: the
 * reliability suite sends the (20 000 names, 2 MB of text, 200 000 ACLED rows,
 * 8 bulletin PDFs), `npm test` a smaller set.
 */
export interface HeavySizes {
  names: number;
  extractChars: number;
  acledRows: number;
  pdfs: number;
  /** Stop polling after this long even if jobs still run (ms). */
  maxMs: number;
}

export const FULL: HeavySizes = {
  names: 20_000,
  extractChars: 2_000_000,
  acledRows: 200_000,
  pdfs: 8,
  maxMs: 240_000,
};

export interface HeavyFigures {
  polls: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The server's event-loop delay over the run (in-process server), ms. */
  loopMax: number;
  seconds: number;
  answers: Record<string, number>;
  jobs: Record<string, string>;
}

const HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';

/** An ACLED export of `n` made-up rows (deterministic). */
export function acledCsv(n: number, prefix = 'GEN'): string {
  const admin1 = ['Deir ez Zor', 'Aleppo', 'Idlib', 'Raqqa', 'Hama'];
  const out = [HEADER];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    const a = admin1[i % admin1.length]!;
    out.push(
      `${prefix}${i},2021-${month}-${day},2021,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,Unidentified Armed Group (Syria),,3,Military Forces of Syria (2000-),,1,13,,760,Middle East,Syria,${a},${a},,Town ${i % 300},35.${i % 1000},40.${i % 997},2,Local Source,National,"Row ${i}: a roadside device in ${a}.",${i % 5},,1600000000`,
    );
  }
  return out.join('\n') + '\n';
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export async function heavyUnderHealthPolling(
  world: World,
  sizes: HeavySizes,
): Promise<HeavyFigures> {
  // Every payload is made before the clock starts: the client's own work is not measured.
  const names = Array.from({ length: sizes.names }, (_, i) => ({
    id: `n${i}`,
    name: `${['Karahan', 'Demir', 'Aydin', 'Yilmaz', 'Kaya'][i % 5]} Trading ${i % 997} Ltd ${i}`,
  }));
  const matchBody = JSON.stringify({ left: names });
  const bulletin = readFileSync(new URL('../examples/bulletin.txt', import.meta.url), 'utf8');
  const text = bulletin
    .repeat(Math.ceil(sizes.extractChars / bulletin.length))
    .slice(0, sizes.extractChars);
  const extractBody = JSON.stringify({ text, doc_date: '2021-01-10' });
  const form = new FormData();
  form.append('file', new Blob([acledCsv(sizes.acledRows)]), 'acled.csv');

  const auth = (who: keyof World['tokens']) => ({ authorization: `Bearer ${world.tokens[who]}` });
  const json = { 'content-type': 'application/json' };
  const A = '/api/cases/default';
  const latencies: number[] = [];
  let failed = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  const poller = setInterval(() => {
    const s = performance.now();
    fetch(`${world.base}/api/health`).then(
      async (r) => {
        await r.text();
        latencies.push(performance.now() - s);
        if (r.status !== 200) failed++;
      },
      () => failed++,
    );
  }, 100);

  const answers: Record<string, number> = {};
  const jobIds: Record<string, string> = {};
  const post = async (label: string, path: string, init: RequestInit) => {
    const r = await fetch(`${world.base}${path}`, init);
    answers[label] = r.status;
    const body = (await r.json().catch(() => ({}))) as { job_id?: string };
    if (body.job_id) jobIds[label] = body.job_id;
  };
  const pdf = async (i: number) => {
    const r = await fetch(
      `${world.base}${A}/reports/bulletin?from=2021-01-01&to=2021-01-31&format=pdf&charts=true`,
      { headers: auth('analyst') },
    );
    await r.arrayBuffer();
    answers[`pdf${i}`] = r.status;
  };
  const requests = [
    post('match', `${A}/match`, {
      method: 'POST',
      headers: { ...auth('viewer'), ...json },
      body: matchBody,
    }),
    post('extract', `${A}/extract`, {
      method: 'POST',
      headers: { ...auth('viewer'), ...json },
      body: extractBody,
    }),
    post('upload', `${A}/imports?kind=acled`, {
      method: 'POST',
      headers: auth('admin'),
      body: form,
    }),
    ...Array.from({ length: sizes.pdfs }, (_, i) => pdf(i)),
  ];
  await Promise.all(requests);
  // The queued jobs run on: keep polling until they end (or the cap).
  const jobs: Record<string, string> = {};
  const who: Record<string, keyof World['tokens']> = {
    match: 'viewer',
    extract: 'viewer',
    upload: 'admin',
  };
  for (;;) {
    for (const [label, id] of Object.entries(jobIds)) {
      const r = await fetch(`${world.base}/api/jobs/${id}`, { headers: auth(who[label]!) });
      jobs[label] = ((await r.json()) as { state: string }).state;
    }
    const pending = Object.values(jobs).some((s) => s === 'queued' || s === 'running');
    if (!pending || performance.now() - t0 > sizes.maxMs) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  clearInterval(poller);
  await new Promise((r) => setTimeout(r, 300));
  loop.disable();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    polls: latencies.length,
    failed,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    loopMax: loop.max / 1e6,
    seconds: (performance.now() - t0) / 1000,
    answers,
    jobs,
  };
}

export function describeFigures(f: HeavyFigures): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return (
    `${f.polls} health polls over ${f.seconds.toFixed(0)} s (${f.failed} failed): p50 ${ms(f.p50)}, ` +
    `p95 ${ms(f.p95)}, p99 ${ms(f.p99)}, max ${ms(f.max)}; event-loop delay max ${ms(f.loopMax)}; ` +
    `answers ${JSON.stringify(f.answers)}; jobs ${JSON.stringify(f.jobs)}`
  );
}
