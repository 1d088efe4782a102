import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { submitJob } from '../jobs/submit.ts';
import { openStore } from './connect.ts';
import { getJob, getJobInput, movePayloadsLast } from './jobs.ts';

describe('the jobs table on SQLite (0015)', () => {
  it('keeps input and result last, and a rebuild keeps every job whole', async () => {
    const url = join(mkdtempSync(join(tmpdir(), 'cp-jobs-')), 'jobs.db');
    let store = await openStore({ url });
    const input = { names: Array.from({ length: 20_000 }, (_, i) => `name number ${i}`) };
    const job = await submitJob(store, {
      kind: 'test.probe',
      case_id: null,
      input,
      created_by: 'store-test',
    });
    const columns = await sql<{ name: string }>`pragma table_info(jobs)`.execute(store.db);
    expect(columns.rows.slice(-2).map((c) => c.name)).toEqual(['input', 'result']);
    // Run the rebuild again over a table holding a job: nothing of it is lost.
    await store.db
      .transaction()
      .execute((trx) => movePayloadsLast(trx as unknown as Kysely<unknown>, 'sqlite'));
    await store.close();
    store = await openStore({ url });
    try {
      expect(await getJob(store, job.id)).toEqual(job);
      expect(await getJobInput(store, job.id)).toEqual(input);
    } finally {
      await store.close();
    }
  });
});
