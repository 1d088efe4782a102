import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { submitJob } from '../src/jobs/submit.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { getJob } from '../src/store/jobs.ts';
import { report, scaled, withBenchPostgres } from './harness.ts';

/**
 * `chokepoint worker` processes on the PostgreSQL queue (pg-boss, issue 24 item 4): a batch
 * is queued, then run by one worker process, and the same batch again by two, on this
 * machine; the throughput of each, from the workers' start to the last job ended. Two
 * batches: short jobs (test.probe, a fixed sleep: the queue's own cost, claim to end, thread
 * start-up included) with `--threads 2` a worker, and CPU-bound ones (incident extraction of
 * a long bulletin, as `POST …/extract` queues them) with `--threads 1`. Jobs come from ten
 * users, so that the per-user limit never holds the workers back.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BULLETIN = fileURLToPath(
  new URL('../src/incidents/fixtures/bulletin-week.txt', import.meta.url),
);

interface Batch {
  name: string;
  size: string;
  n: number;
  threads: number;
  job: (k: number) => { kind: string; input: unknown };
}

async function queue(store: Store, batch: Batch): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < batch.n; k++) {
    const job = await submitJob(store, {
      ...batch.job(k),
      case_id: null,
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

/** Queues the batch, starts `workers` worker processes, and times until every job has ended. */
async function runWith(store: Store, url: string, workers: number, batch: Batch) {
  const ids = await queue(store, batch);
  const procs: ChildProcess[] = [];
  const t0 = performance.now();
  for (let w = 0; w < workers; w++)
    procs.push(
      spawn(
        process.execPath,
        [
          `${ROOT}bin/chokepoint.js`,
          'worker',
          '--db',
          url,
          '--threads',
          String(batch.threads),
          '--global',
          String(workers * batch.threads),
          '--per-user',
          String(workers * batch.threads),
        ],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, CHOKEPOINT_NO_BUILD_CHECK: '1' },
        },
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
  // dist/ is built once here, not checked by each worker while it is being timed.
  spawnSync(process.execPath, [`${ROOT}bin/build.js`], { cwd: ROOT, stdio: 'inherit' });
  const text = readFileSync(BULLETIN, 'utf8').repeat(20);
  const sleepMs = 100;
  const batches: Batch[] = [
    {
      name: 'short jobs',
      size: `${scaled(200)} test.probe jobs sleeping ${sleepMs} ms`,
      n: scaled(200),
      threads: 2,
      job: () => ({ kind: 'test.probe', input: { sleep_ms: sleepMs } }),
    },
    {
      name: 'CPU-bound jobs',
      size: `${scaled(40)} extraction jobs of ${text.length} characters`,
      n: scaled(40),
      threads: 1,
      job: () => ({
        kind: 'incidents.extract',
        input: { text, doc_date: '2021-01-14', source: 'Bench bulletin' },
      }),
    },
  ];
  await withBenchPostgres('workers', async (url) => {
    const store = await openStore({ url });
    try {
      for (const batch of batches) {
        const one = await runWith(store, url, 1, batch);
        const two = await runWith(store, url, 2, batch);
        const rate = (r: { ms: number; done: number }) => (r.done / (r.ms / 1000)).toFixed(1);
        report({
          bench: `jobs: chokepoint worker processes, ${batch.name}`,
          db: 'postgres',
          size: batch.size,
          ours: `two worker processes: ${rate(two)} jobs/s (${two.done} done, ${two.failed} failed)`,
          ours_ms: two.ms,
          peer: `one worker process: ${rate(one)} jobs/s (${one.done} done, ${one.failed} failed)`,
          peer_ms: one.ms,
          note: `each --threads ${batch.threads}, worker start-up included; machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
        });
      }
    } finally {
      await store.close();
    }
  });
}
