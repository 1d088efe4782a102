import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CASE_B, startWorld, type World } from '../../src/server/testing.ts';
import { storeStats } from '../../src/store/stats.ts';
import { describeEachStore } from '../stores.ts';
// The CLI half: every file's verdict (code, line, field) on both databases.
import '../hostile.test.ts';

/**
 * Issue 18, item 7: the hostile corpus (test/hostile/) on both databases, through the CLI
 * (test/hostile.test.ts, imported above) and through the API's uploads, which are jobs run
 * in the server's worker threads: every file ends as a job that succeeded or failed with a
 * coded error (never CP_INTERNAL, never a lost job), a refused file writes nothing, and
 * the server answers throughout.
 */
const DIR = fileURLToPath(new URL('../hostile/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.includes('--'));

describeEachStore('hostile corpus uploaded through the API', (ctx, dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(ctx.store);
  });
  afterAll(async () => {
    await world?.close();
  });

  it(`each of the ${FILES.length} files ends as a coded verdict; refused ones write nothing`, async () => {
    const verdicts: Record<string, number> = {};
    const bad: string[] = [];
    for (const f of FILES) {
      const kind = f.split('--')[0]!;
      const before = await storeStats(ctx.store.db, [CASE_B]);
      const form = new FormData();
      form.append('file', new Blob([readFileSync(`${DIR}${f}`)]), f);
      const res = await fetch(`${world.base}/api/cases/${CASE_B}/imports?kind=${kind}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.tokens.stranger}` },
        body: form,
      });
      const accepted = (await res.json()) as { job_id?: string; error?: { code: string } };
      let verdict: string;
      if (!accepted.job_id) verdict = `${res.status} ${accepted.error?.code ?? '?'}`;
      else {
        let job: { state: string; error: { code: string } | null };
        for (;;) {
          job = (await world.call('stranger', 'GET', `/api/jobs/${accepted.job_id}`))
            .body as typeof job;
          if (job.state !== 'queued' && job.state !== 'running') break;
          await new Promise((r) => setTimeout(r, 50));
        }
        verdict = job.state === 'succeeded' ? 'imported' : (job.error?.code ?? job.state);
        if (job.state === 'failed') {
          const after = await storeStats(ctx.store.db, [CASE_B]);
          if (JSON.stringify(after) !== JSON.stringify(before)) bad.push(`${f}: refused but wrote`);
        }
      }
      if (/CP_INTERNAL|CP_JOB_LOST|cancelled|^5/.test(verdict)) bad.push(`${f}: ${verdict}`);
      verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
      expect((await world.call('anonymous', 'GET', '/api/health')).status).toBe(200);
    }
    console.log(
      `hostile corpus via API uploads [${dialect}]: ${FILES.length} files → ${JSON.stringify(verdicts)}`,
    );
    expect(bad).toEqual([]);
  }, 600_000);
});
