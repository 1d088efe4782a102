import { hostname } from 'node:os';
import { afterAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { liveQueueJobs, settleQueueJob, SHARED_QUEUE } from '../store/job-queue.ts';
import {
  claimJob,
  getJob,
  getJobResult,
  listJobs,
  queueJobOf,
  requestCancel,
  requeueStranded,
} from '../store/jobs.ts';
import { JobPool } from './pool.ts';
import { submitJob, waitForJob } from './submit.ts';
import type { ProbeInput } from './handlers/probe.ts';

describeEachStore('job pool', (ctx, dialect) => {
  const pools: JobPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });
  const pool = async (threads: number, perUser = 4, global = 4) => {
    const p = new JobPool(ctx.store, {
      threads,
      url: ctx.url,
      limits: { perUser, global },
      pollMs: 50,
      graceMs: 300,
    });
    pools.push(p);
    await p.start();
    return p;
  };
  const probe = (input: ProbeInput, user = 'u1', limits = {}) =>
    submitJob(ctx.store, {
      kind: 'test.probe',
      case_id: null,
      input,
      created_by: user,
      limits,
    });

  it('runs a job in a worker thread and keeps its result and progress', async () => {
    const p = await pool(1);
    const job = await probe({ sleep_ms: 100 });
    expect(job.state).toBe('queued');
    const done = await waitForJob(ctx.store, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.result_url).toBe(`/api/jobs/${job.id}/result`);
    expect(done.progress.stage).toBe('sleeping');
    expect(done.progress.total).toBe(100);
    const result = JSON.parse((await getJobResult(ctx.store, job.id))!) as { slept_ms: number };
    expect(result.slept_ms).toBeGreaterThanOrEqual(100);
    await p.close();
  }, 30_000);

  it('a coded failure is kept with its code', async () => {
    const p = await pool(1);
    const job = await probe({ fail: true });
    const done = await waitForJob(ctx.store, job.id);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CP_BAD_OPTION');
    await p.close();
  }, 30_000);

  it('cancels a queued job at once and a running one through its signal', async () => {
    const p = await pool(1);
    const running = await probe({ sleep_ms: 20_000 });
    const queued = await probe({ sleep_ms: 10 });
    while ((await getJob(ctx.store, running.id))!.state !== 'running')
      await new Promise((r) => setTimeout(r, 20));
    await requestCancel(ctx.store, queued.id);
    expect((await getJob(ctx.store, queued.id))!.state).toBe('cancelled');
    const t0 = Date.now();
    await requestCancel(ctx.store, running.id);
    const done = await waitForJob(ctx.store, running.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('CP_CANCELLED');
    expect(Date.now() - t0).toBeLessThan(5_000);
    await p.close();
  }, 30_000);

  it('stops a job past its time limit, even one that never looks at its signal', async () => {
    const p = await pool(1);
    const job = await probe({ sleep_ms: 60_000, busy: true }, 'u1', { time_ms: 1_500 });
    const t0 = Date.now();
    const done = await waitForJob(ctx.store, job.id);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CP_LIMIT_EXCEEDED');
    expect(done.error?.message).toMatch(/time limit/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await p.close();
  }, 30_000);

  it('stops a job past its memory limit, and the pool goes on', async () => {
    const p = await pool(1);
    const job = await probe({ allocate_mb: 2_000 }, 'u1', { memory_mb: 64 });
    const done = await waitForJob(ctx.store, job.id);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('CP_LIMIT_EXCEEDED');
    expect(done.error?.message).toMatch(/memory/);
    const next = await waitForJob(ctx.store, (await probe({ sleep_ms: 10 })).id);
    expect(next.state).toBe('succeeded');
    await p.close();
  }, 60_000);

  it('holds the per-user and the global limits', async () => {
    const p = await pool(4, 1, 2);
    const a1 = await probe({ sleep_ms: 1_500 }, 'alice');
    const a2 = await probe({ sleep_ms: 100 }, 'alice');
    const b1 = await probe({ sleep_ms: 1_500 }, 'bob');
    const c1 = await probe({ sleep_ms: 100 }, 'carol');
    let most = 0;
    let aliceMost = 0;
    const ids = [a1.id, a2.id, b1.id, c1.id];
    for (;;) {
      const jobs = (await listJobs(ctx.store)).filter((j) => ids.includes(j.id));
      const running = jobs.filter((j) => j.state === 'running');
      most = Math.max(most, running.length);
      aliceMost = Math.max(aliceMost, running.filter((j) => j.created_by === 'alice').length);
      if (jobs.every((j) => j.state === 'succeeded')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(most).toBe(2);
    expect(aliceMost).toBe(1);
    await p.close();
  }, 60_000);

  it('on start, fails the jobs a dead worker left running, saying why', async () => {
    // Nothing else queued: the claim below must take this job.
    for (const j of await listJobs(ctx.store, { states: ['queued'] }))
      await requestCancel(ctx.store, j.id);
    const job = await probe({ sleep_ms: 10 }, 'u-orphan');
    // Claimed by a process of this host that does not exist (as after kill -9).
    const claimed = await claimJob(ctx.store, `${hostname()}:2147483646`, {
      global: 100,
      perUser: 100,
    });
    expect(claimed?.id).toBe(job.id);
    const p = await pool(1);
    const after = await getJob(ctx.store, job.id);
    expect(after!.state).toBe('failed');
    expect(after!.error?.code).toBe('CP_JOB_LOST');
    expect(after!.error?.message).toMatch(/stopped before it finished/);
    await p.close();
  }, 30_000);

  it.skipIf(dialect !== 'postgres')(
    'pg-boss: a queued job whose delivery was lost is sent again and runs; a cancel cancels its delivery',
    async () => {
      const job = await probe({ sleep_ms: 10 });
      const first = await queueJobOf(ctx.store, job.id);
      expect(first).toBeTruthy();
      await settleQueueJob(ctx.store, SHARED_QUEUE, first!, 'cancelled');
      expect(await requeueStranded(ctx.store)).toBe(1);
      const second = await queueJobOf(ctx.store, job.id);
      expect(second).not.toBe(first);
      expect((await liveQueueJobs(ctx.store, [second!])).size).toBe(1);
      const p = await pool(1);
      expect((await waitForJob(ctx.store, job.id)).state).toBe('succeeded');
      await p.close();

      const other = await probe({ sleep_ms: 10 });
      const delivery = (await queueJobOf(ctx.store, other.id))!;
      expect((await liveQueueJobs(ctx.store, [delivery])).size).toBe(1);
      await requestCancel(ctx.store, other.id);
      expect((await liveQueueJobs(ctx.store, [delivery])).size).toBe(0);
      expect(await requeueStranded(ctx.store)).toBe(0);
    },
    30_000,
  );
});
