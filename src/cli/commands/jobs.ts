import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { DEFAULT_JOB_LIMITS, JobPool } from '../../jobs/pool.ts';
import { JOB_STATES, type Job, type JobState } from '../../jobs/schema.ts';
import { defaultDatabaseUrl, openStore } from '../../store/connect.ts';
import { getJob, listJobs, requestCancel } from '../../store/jobs.ts';
import { common, out, outJson, table, withStore, type CommonOptions } from '../context.ts';

function positive(v: string, field: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new ChokepointError('CP_BAD_OPTION', `bad ${field}`, {
      field,
      expected: 'a whole number ≥ 0',
      got: v,
    });
  return n;
}

function row(j: Job) {
  const pct =
    j.progress.total > 0 ? `${Math.round((100 * j.progress.done) / j.progress.total)}%` : '';
  return {
    id: j.id,
    kind: j.kind,
    case: j.case_id ?? '',
    state: j.state,
    progress: `${j.progress.stage} ${pct}`.trim(),
    by: j.created_by,
    created: j.created_at.slice(0, 19),
    error: j.error?.code ?? '',
  };
}

async function mustGet(opts: CommonOptions, id: string): Promise<Job> {
  return withStore(opts, async (store) => {
    const job = await getJob(store, id);
    if (!job) throw new ChokepointError('CP_NOT_FOUND', `no job "${id}"`, { field: 'id' });
    return job;
  });
}

/** Jobs in the database (every user's: the operator's view), and the worker that runs them. */
export function register(program: Command): void {
  const jobs = program
    .command('jobs')
    .description(
      'long operations queued by the API (imports, matching, PDFs…): list, show, cancel',
    );

  common(
    jobs
      .command('list')
      .description('jobs, newest first')
      .option('--state <state>', `only jobs in this state (${JOB_STATES.join(', ')})`)
      .option('--limit <n>', 'at most this many', '50'),
  ).action(async (opts: CommonOptions & { state?: string; limit: string }) => {
    if (opts.state && !(JOB_STATES as readonly string[]).includes(opts.state))
      throw new ChokepointError('CP_BAD_OPTION', `unknown state "${opts.state}"`, {
        field: 'state',
        expected: `one of ${JOB_STATES.join(', ')}`,
      });
    const list = await withStore(opts, (store) =>
      listJobs(store, {
        states: opts.state ? [opts.state as JobState] : undefined,
        limit: positive(opts.limit, 'limit'),
      }),
    );
    if (opts.json) outJson(list);
    else out(table(list.map(row)));
  });

  common(jobs.command('show <id>').description('one job: state, progress, counts, error')).action(
    async (id: string, opts: CommonOptions) => {
      const job = await mustGet(opts, id);
      if (opts.json) outJson(job);
      else
        out(
          table([row(job)]) +
            `\ncounts: ${JSON.stringify(job.counts)}` +
            (job.error ? `\nerror ${job.error.code}: ${job.error.message}` : ''),
        );
    },
  );

  common(
    jobs
      .command('cancel <id>')
      .description(
        'cancel a job: a queued one at once, a running one as soon as its worker stops it',
      ),
  ).action(async (id: string, opts: CommonOptions) => {
    await mustGet(opts, id);
    const job = await withStore(opts, async (store) => {
      await requestCancel(store, id);
      return (await getJob(store, id))!;
    });
    if (opts.json) outJson(job);
    else
      out(
        `${job.id}: ${job.state}${job.cancel_requested && job.state === 'running' ? ' (cancel requested)' : ''}`,
      );
  });

  common(
    program
      .command('worker')
      .description(
        'take jobs from the database and run them in worker threads, until stopped (SIGINT/SIGTERM); several workers, on several machines, share a PostgreSQL queue',
      )
      .option('--threads <n>', 'jobs this worker runs at once', '2')
      .option(
        '--global <n>',
        'jobs running at once across every worker',
        String(DEFAULT_JOB_LIMITS.global),
      )
      .option(
        '--per-user <n>',
        'jobs of one user running at once',
        String(DEFAULT_JOB_LIMITS.perUser),
      ),
  ).action(async (opts: CommonOptions & { threads: string; global: string; perUser: string }) => {
    const url = opts.db ?? defaultDatabaseUrl();
    const store = await openStore({ url });
    const pool = new JobPool(store, {
      threads: Math.max(1, positive(opts.threads, 'threads')),
      url,
      limits: {
        global: positive(opts.global, 'global'),
        perUser: positive(opts.perUser, 'per-user'),
      },
    });
    await pool.start();
    process.stderr.write(`worker ${pool.worker} taking jobs from ${store.location}\n`);
    // The pool's polling timer does not hold the process open (a server's pool must not):
    // this one does, until a signal says stop.
    const keepAlive = setInterval(() => {}, 60_000);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(keepAlive);
    process.stderr.write('worker stopping: running jobs are cancelled\n');
    await pool.close();
    await store.close();
  });
}
