import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { submitJob } from '../src/jobs/submit.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { getJob } from '../src/store/jobs.ts';
import { report, scaled, withBenchPostgres } from './harness.ts';

/**
 * `chokepoint worker` processes on the PostgreSQL queue (issue 24, item 4): N incident
 * extraction jobs (a bulletin of a few weeks each, as `POST …/extract` queues them) run
 * by one worker process, then N more by two, each `--threads 1`, on this machine; the
 * throughput of each, from the first job queued to the last one ended. Jobs come from
 * ten users, so that the per-user limit never holds the workers back.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BULLETIN = fileURLToPath(
  new URL('../src/incidents/fixtures/bulletin-week.txt', import.meta.url),
);

async function queue(store: Store, n: number, text: string): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < n; k++) {
    const job = await submitJob(store, {
      kind: 'incidents.extract',
      case_id: null,
      input: { text, doc_date: '2021-01-14', source: 'Bench bulletin' },
      created_by: `bench-${k % 10}`,
    });
    ids.push(job.id);
  }
  return ids;
}

async function allEnded(store: Store, ids: string[]): Promise<{ done: number; failed: number }> {
  for (;;) {
    let done = 0;
    let failed = 0;
    let open = 0;
    for (const id of ids) {
      const j = await getJob(store, id);
      if (!j || j.state === 'queued' || j.state === 'running') open++;
      else if (j.state === 'succeeded') done++;
      else failed++;
    }
    if (open === 0) return { done, failed };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Queues n jobs, starts `workers` worker processes, and times until every job has ended. */
async function runWith(store: Store, url: string, workers: number, n: number, text: string) {
  const ids = await queue(store, n, text);
  const procs: ChildProcess[] = [];
  const t0 = performance.now();
  for (let w = 0; w < workers; w++)
    procs.push(
      spawn(
        process.execPath,
        [`${ROOT}bin/chokepoint.js`, 'worker', '--db', url, '--threads', '1'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      ),
    );
  try {
    const ended = await allEnded(store, ids);
    return { ms: performance.now() - t0, ...ended };
  } finally {
    await Promise.all(
      procs.map((p) => {
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        return exited;
      }),
    );
  }
}

export async function run(): Promise<void> {
  const n = scaled(100);
  const text = readFileSync(BULLETIN, 'utf8').repeat(20);
  await withBenchPostgres('workers', async (url) => {
    const store = await openStore({ url });
    try {
      const one = await runWith(store, url, 1, n, text);
      const two = await runWith(store, url, 2, n, text);
      const rate = (r: { ms: number; done: number }) => (r.done / (r.ms / 1000)).toFixed(1);
      report({
        bench: 'jobs: chokepoint worker processes',
        db: 'postgres',
        size: `${n} extraction jobs of ${text.length} characters`,
        ours: `two worker processes: ${rate(two)} jobs/s (${two.done} done, ${two.failed} failed)`,
        ours_ms: two.ms,
        peer: `one worker process: ${rate(one)} jobs/s (${one.done} done, ${one.failed} failed)`,
        peer_ms: one.ms,
        note: `each --threads 1, worker start-up included; machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
      });
    } finally {
      await store.close();
    }
  });
}
