import { readFileSync } from 'node:fs';
import { acledCsv, type HeavySizes } from './heavy.ts';

/**
 * The clients of test/heavy.ts, each a process of its own as real clients are: `send`
 * makes the four heavy requests at once and follows the jobs to their end; `poll` polls
 * /api/health ten times a second until its stdin ends. Each prints what it saw as one line
 * of JSON. The sender's own work (streaming a 60 MB upload) thus runs neither on the
 * server's event loop nor on the poller's, and a stall of the server's loop delays the
 * poll's answer in full (a poller on the server's loop would only send it late).
 */
export interface ClientConfig {
  base: string;
  tokens: Record<'admin' | 'analyst' | 'viewer', string>;
  sizes: HeavySizes;
}

export interface PollReport {
  /** Each poll: when it was sent (ms since the epoch) and how long its answer took. */
  polls: { at: number; ms: number }[];
  failed: number;
}

export interface ClientReport {
  /** When each phase of each heavy request happened (ms since the epoch). */
  marks: { at: number; what: string }[];
  answers: Record<string, number>;
  jobs: Record<string, string>;
  seconds: number;
}

const epoch = () => performance.timeOrigin + performance.now();

async function run(cfg: ClientConfig): Promise<ClientReport> {
  const { base, tokens, sizes } = cfg;
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

  const auth = (who: keyof ClientConfig['tokens']) => ({ authorization: `Bearer ${tokens[who]}` });
  const json = { 'content-type': 'application/json' };
  const A = '/api/cases/default';
  const marks: ClientReport['marks'] = [];
  const mark = (what: string) => marks.push({ at: epoch(), what });
  const t0 = performance.now();

  const answers: Record<string, number> = {};
  const jobIds: Record<string, string> = {};
  const post = async (label: string, path: string, init: RequestInit) => {
    mark(`${label} sent`);
    const r = await fetch(`${base}${path}`, init);
    mark(`${label} answered ${r.status}`);
    answers[label] = r.status;
    const body = (await r.json().catch(() => ({}))) as { job_id?: string };
    if (body.job_id) jobIds[label] = body.job_id;
  };
  const pdf = async (i: number) => {
    const r = await fetch(
      `${base}${A}/reports/bulletin?from=2021-01-01&to=2021-01-31&format=pdf&charts=true`,
      { headers: auth('analyst') },
    );
    await r.arrayBuffer();
    mark(`pdf${i} answered ${r.status}`);
    answers[`pdf${i}`] = r.status;
  };
  await Promise.all([
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
  ]);
  // The queued jobs run on: keep polling until they end (or the cap).
  const jobs: Record<string, string> = {};
  const who: Record<string, keyof ClientConfig['tokens']> = {
    match: 'viewer',
    extract: 'viewer',
    upload: 'admin',
  };
  for (;;) {
    for (const [label, id] of Object.entries(jobIds)) {
      const r = await fetch(`${base}/api/jobs/${id}`, { headers: auth(who[label]!) });
      const state = ((await r.json()) as { state: string }).state;
      if (jobs[label] !== state) mark(`${label} job ${state}`);
      jobs[label] = state;
    }
    const pending = Object.values(jobs).some((s) => s === 'queued' || s === 'running');
    if (!pending || performance.now() - t0 > sizes.maxMs) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { marks, answers, jobs, seconds: (performance.now() - t0) / 1000 };
}

/** Polls /api/health ten times a second until its stdin ends. */
async function poll(base: string): Promise<PollReport> {
  const polls: PollReport['polls'] = [];
  let failed = 0;
  const poller = setInterval(() => {
    const s = performance.now();
    const at = epoch();
    fetch(`${base}/api/health`).then(
      async (r) => {
        await r.text();
        polls.push({ at, ms: performance.now() - s });
        if (r.status !== 200) failed++;
      },
      () => failed++,
    );
  }, 100);
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  clearInterval(poller);
  await new Promise((r) => setTimeout(r, 300));
  return { polls, failed };
}

const cfg = JSON.parse(process.env.HEAVY_CLIENT ?? 'null') as ClientConfig | null;
if (cfg) {
  const report = process.argv[2] === 'poll' ? await poll(cfg.base) : await run(cfg);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
