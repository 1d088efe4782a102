import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CLI_ENV } from '../../test/cli.ts';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { jobWorkers } from '../store/jobs.ts';
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

/**
 * Two `chokepoint worker` processes on one PostgreSQL queue (pg-boss): every job runs once,
 * in one of them, and both take some.
 */
describeEachStore('chokepoint worker processes sharing a queue', (ctx, dialect) => {
  it.skipIf(dialect !== 'postgres')(
    'two workers take the jobs of one queue, each job exactly once',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'chokepoint-workers-'));
      const file = join(dir, 'runs.txt');
      const ids: string[] = [];
      for (let k = 0; k < 16; k++) {
        const job = await submitJob(ctx.store, {
          kind: 'test.probe',
          case_id: null,
          input: { sleep_ms: 150, record: { file, tag: `run-${k}` } },
          created_by: `u${k % 8}`,
        });
        ids.push(job.id);
      }
      const workers = [0, 1].map(() => {
        const w = spawn(process.execPath, [BIN, 'worker', '--db', ctx.url, '--threads', '2'], {
          env: { ...process.env, ...CLI_ENV },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        w.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<void>((r) => w.once('exit', () => r()));
        return { w, exited, stderr: () => stderr };
      });
      try {
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(
            () =>
              reject(
                new Error(
                  `jobs still open after 60 s:\n${workers.map((w) => w.stderr()).join('\n')}`,
                ),
              ),
            60_000,
          ),
        );
        const ended = await Promise.race([
          Promise.all(ids.map((id) => waitForJob(ctx.store, id))),
          timeout,
        ]);
        expect(ended.map((j) => j.state)).toEqual(ids.map(() => 'succeeded'));
      } finally {
        for (const { w } of workers) if (w.exitCode === null) w.kill('SIGTERM');
        await Promise.all(workers.map((w) => w.exited));
      }
      const runs = readFileSync(file, 'utf8').trim().split('\n').sort();
      expect(runs).toEqual(ids.map((_, k) => `run-${k}`).sort());
      const by = new Set((await jobWorkers(ctx.store, ids)).values());
      expect(by.size).toBe(2);
      rmSync(dir, { recursive: true, force: true });
    },
    120_000,
  );
});
