import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import type { Job } from '../jobs/schema.ts';
import { CASE_A, startWorld, type Principal, type World } from './testing.ts';

/**
 * Jobs through the API on a real server (issue 18, item 1): large or `Prefer:
 * respond-async` requests answer 202 and run in the server's worker threads; small ones
 * keep their 200; jobs are seen, cancelled and read only by whom the roles allow.
 */
const names = (n: number, prefix = 'n') =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, name: `Person ${i % 50} Name${i}` }));

const ASYNC = { prefer: 'respond-async' };

describeEachStore('jobs API', (ctx) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(ctx.store, { jobs: { threads: 2 } });
  });
  afterAll(async () => {
    await world?.close();
  });

  const waitJob = async (who: Principal, id: string): Promise<Job> => {
    for (;;) {
      const r = await world.call(who, 'GET', `/api/jobs/${id}`);
      expect(r.status).toBe(200);
      const job = r.body as { state: string };
      if (job.state !== 'queued' && job.state !== 'running') return r.body as Job;
      if (process.env.DEBUG_JOBS) console.log(JSON.stringify(r.body));
      await new Promise((res) => setTimeout(res, 50));
    }
  };

  it('a small match answers at once; the same asked async gives the same items through a job', async () => {
    const body = { left: names(40) };
    const now = await world.call('viewer', 'POST', `/api/cases/${CASE_A}/match`, body);
    expect(now.status).toBe(200);
    const queued = await world.call('viewer', 'POST', `/api/cases/${CASE_A}/match`, body, ASYNC);
    expect(queued.status).toBe(202);
    const { job_id, status_url } = queued.body as { job_id: string; status_url: string };
    expect(status_url).toBe(`/api/jobs/${job_id}`);
    expect(queued.headers.get('location')).toBe(status_url);
    const job = await waitJob('viewer', job_id);
    expect(job.state).toBe('succeeded');
    expect(job.kind).toBe('names.match');
    expect(job.result_url).toBe(`/api/jobs/${job_id}/result`);
    const result = await world.call('viewer', 'GET', job.result_url!);
    expect(result.status).toBe(200);
    expect(result.body).toEqual(now.body);
  }, 60_000);

  it('beyond 500 names a match is a job without being asked', async () => {
    const r = await world.call('viewer', 'POST', `/api/cases/${CASE_A}/match`, {
      left: names(600),
    });
    expect(r.status).toBe(202);
    const job = await waitJob('viewer', (r.body as { job_id: string }).job_id);
    expect(job.state).toBe('succeeded');
    expect(job.progress.stage).toBe('matching');
  }, 60_000);

  it('a job is seen by its owner and the case admin, not by another member or a stranger', async () => {
    const r = await world.call(
      'viewer',
      'POST',
      `/api/cases/${CASE_A}/extract`,
      { text: 'x' },
      ASYNC,
    );
    expect(r.status).toBe(202);
    const id = (r.body as { job_id: string }).job_id;
    expect((await world.call('viewer', 'GET', `/api/jobs/${id}`)).status).toBe(200);
    expect((await world.call('admin', 'GET', `/api/jobs/${id}`)).status).toBe(200);
    expect((await world.call('analyst', 'GET', `/api/jobs/${id}`)).status).toBe(404);
    expect((await world.call('stranger', 'GET', `/api/jobs/${id}`)).status).toBe(404);
    expect((await world.call('stranger', 'POST', `/api/jobs/${id}/cancel`)).status).toBe(404);
    expect((await world.call('anonymous', 'GET', `/api/jobs/${id}`)).status).toBe(401);
    const mine = (await world.call('viewer', 'GET', '/api/jobs')).body as {
      items: { id: string }[];
    };
    expect(mine.items.map((j) => j.id)).toContain(id);
    const theirs = (await world.call('analyst', 'GET', '/api/jobs')).body as {
      items: { id: string }[];
    };
    expect(theirs.items.map((j) => j.id)).not.toContain(id);
  }, 60_000);

  it('cancels a running job; its result is then refused with a coded error', async () => {
    const r = await world.call('viewer', 'POST', `/api/cases/${CASE_A}/match`, {
      left: names(20_000),
    });
    expect(r.status).toBe(202);
    const id = (r.body as { job_id: string }).job_id;
    const c = await world.call('viewer', 'POST', `/api/jobs/${id}/cancel`);
    expect(c.status).toBe(200);
    const job = await waitJob('viewer', id);
    expect(job.state).toBe('cancelled');
    const res = await world.call('viewer', 'GET', `/api/jobs/${id}/result`);
    expect(res.status).toBe(409);
    expect((res.body as { error: { code: string } }).error.code).toBe('CP_JOB_NOT_DONE');
  }, 60_000);

  it('an upload is a job whose id is the import, followed by GET …/imports/:id', async () => {
    const form = new FormData();
    const csv = readFileSync(new URL('../../examples/new-orders.csv', import.meta.url));
    form.append('file', new Blob([csv]), 'new-orders.csv');
    const res = await fetch(`${world.base}/api/cases/${CASE_A}/imports?kind=orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.analyst}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; job_id: string; status_url: string };
    expect(body.job_id).toBe(body.id);
    const job = await waitJob('analyst', body.job_id);
    expect(job.state).toBe('succeeded');
    const imp = await world.call('analyst', 'GET', `/api/cases/${CASE_A}/imports/${body.id}`);
    expect(imp.status).toBe(200);
    expect((imp.body as { status: string }).status).toBe('done');
  }, 60_000);

  it('a PDF is printed by a job: awaited (200) as before, or 202 when asked', async () => {
    const path = `/api/cases/${CASE_A}/reports/bulletin?from=2021-01-01&to=2021-01-31&format=pdf&charts=false`;
    const res = await fetch(`${world.base}${path}`, {
      headers: { authorization: `Bearer ${world.tokens.viewer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const queued = await world.call('viewer', 'GET', path, undefined, ASYNC);
    expect(queued.status).toBe(202);
    const job = await waitJob('viewer', (queued.body as { job_id: string }).job_id);
    expect(job.state).toBe('succeeded');
    const file = await fetch(`${world.base}${job.result_url}`, {
      headers: { authorization: `Bearer ${world.tokens.viewer}` },
    });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/bulletin-.*\.pdf/);
  }, 120_000);

  it('calibration runs as a job and saves a rule set', async () => {
    const csv = readFileSync(
      new URL('../../examples/labelled-orders.csv', import.meta.url),
      'utf8',
    );
    const r = await world.call('analyst', 'POST', `/api/cases/${CASE_A}/flags/calibrate`, { csv });
    expect(r.status).toBe(202);
    const job = await waitJob('analyst', (r.body as { job_id: string }).job_id);
    expect(job.error).toBe(null);
    expect(job.state).toBe('succeeded');
    const result = await world.call('analyst', 'GET', job.result_url!);
    expect((result.body as { label: string }).label).toMatch(/^calibrated@v\d+$/);
    expect(
      (await world.call('viewer', 'POST', `/api/cases/${CASE_A}/flags/calibrate`, { csv })).status,
    ).toBe(403);
  }, 60_000);
});
