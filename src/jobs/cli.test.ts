import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CLI_ENV } from '../../test/cli.ts';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { submitJob, waitForJob } from './submit.ts';

const BIN = fileURLToPath(new URL('../../bin/chokepoint.js', import.meta.url));

/**
 * `chokepoint worker` takes the jobs another process queued (on PostgreSQL, workers on
 * other machines share the queue the same way), and `chokepoint jobs` lists, shows and
 * cancels them.
 */
describeEachStore('chokepoint worker and jobs', (ctx) => {
  it('a worker process runs a queued job; jobs list/show/cancel see and stop jobs', async () => {
    const job = await submitJob(ctx.store, {
      kind: 'test.probe',
      case_id: null,
      input: { sleep_ms: 50 },
      created_by: 'cli-test',
    });
    const worker = spawn(process.execPath, [BIN, 'worker', '--db', ctx.url, '--threads', '1'], {
      env: { ...process.env, ...CLI_ENV },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    worker.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => worker.once('exit', (code) => r(code)));
    try {
      // A worker that dies or hangs fails the test with what it said, not a bare timeout.
      const done = await Promise.race([
        waitForJob(ctx.store, job.id),
        exited.then((code) => {
          throw new Error(`the worker exited (${code}) before the job ended:\n${stderr}`);
        }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`job still waiting after 60 s:\n${stderr}`)), 60_000),
        ),
      ]);
      expect(done.state).toBe('succeeded');
      expect(stderr).toMatch(/worker .* taking jobs/);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGTERM');
      await exited;
    }
    const list = runCli(['jobs', 'list', '--db', ctx.url, '--json']);
    expect(list.code).toBe(0);
    const jobs = JSON.parse(list.stdout) as { id: string; state: string }[];
    expect(jobs.find((j) => j.id === job.id)?.state).toBe('succeeded');
    const show = runCli(['jobs', 'show', job.id, '--db', ctx.url]);
    expect(show.stdout).toContain('test.probe');

    const queued = await submitJob(ctx.store, {
      kind: 'test.probe',
      case_id: null,
      input: {},
      created_by: 'cli-test',
    });
    const cancel = runCli(['jobs', 'cancel', queued.id, '--db', ctx.url]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain('cancelled');
    const missing = runCli(['jobs', 'show', 'job_nope', '--db', ctx.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CP_NOT_FOUND');
  }, 90_000);
});
