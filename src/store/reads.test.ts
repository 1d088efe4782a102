import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { ensureCase } from './connect.ts';
import { getEntity, listRelations } from './entities.ts';
import { latestScores, saveScores } from './flags.ts';
import { importFile } from './importer.ts';
import { listOrders } from './orders.ts';
import { addEvidence, evidenceFor, upsertSources } from './sources.ts';
import {
  readCaptions,
  readEntity,
  readEvidence,
  readLatestScores,
  readOrdersOfEntity,
  readRelationsTouching,
} from './reads.ts';

const FIXTURES = fileURLToPath(new URL('../server/fixtures/', import.meta.url));

// The fixed-SQL reads must answer exactly what the Kysely repositories answer, for one
// case only, on both databases.
describeEachStore('fixed-SQL reads of the entity routes', (ctx) => {
  const B = 'reads-b';
  const OTHER = 'reads-other';
  beforeAll(async () => {
    const { store } = ctx;
    for (const c of [B, OTHER]) {
      await ensureCase(store.db, c, c);
      for (const [kind, file] of [
        ['ftm', 'case-b.ftm.jsonl'],
        ['orders', 'case-b.orders.csv'],
      ] as const) {
        const text = await readFile(`${FIXTURES}${file}`, 'utf8');
        await importFile(store, kind, file, { caseId: c, text });
      }
    }
    await upsertSources(store.db, B, [
      {
        id: 's1',
        title: 'Port log',
        publisher: null,
        kind: 'other',
        url: null,
        published: null,
        reliability: 'B',
      },
      {
        id: 's2',
        title: 'Rumour',
        publisher: null,
        kind: 'other',
        url: null,
        published: null,
        reliability: 'E',
      },
    ]);
    await addEvidence(store.db, B, [
      {
        record_kind: 'entity',
        record_id: 'b-co-zephyr',
        source_id: 's2',
        credibility: 5,
        page: null,
        excerpt: null,
      },
      {
        record_kind: 'entity',
        record_id: 'b-co-zephyr',
        source_id: 's1',
        credibility: 2,
        page: '4',
        excerpt: 'seen',
      },
    ]);
    const flag = { code: 'F1', weight: 1, evidence: 'a shell company' };
    await saveScores(store.db, B, [
      {
        order_id: 'B-ORD-SECRET',
        rules_version: 'v1',
        likelihood: 0.2,
        flags: [],
        scored_at: '2024-01-01T00:00:00Z',
      },
      {
        order_id: 'B-ORD-SECRET',
        rules_version: 'v2',
        likelihood: 0.7,
        flags: [flag],
        scored_at: '2024-02-01T00:00:00Z',
      },
    ]);
  });

  it('reads an entity of the case only', async () => {
    const { store } = ctx;
    const e = await readEntity(store, B, 'b-co-zephyr');
    expect(e).toBeDefined();
    expect(e).toEqual(await getEntity(store.db, [B], 'b-co-zephyr'));
    expect(await readEntity(store, 'no-such-case', 'b-co-zephyr')).toBeUndefined();
    expect(await readEntity(store, B, 'nobody')).toBeUndefined();
  });

  it('finds relations by either end and captions by id, within the case', async () => {
    const { store } = ctx;
    const touching = await readRelationsTouching(store, B, ['b-pe-informant']);
    expect(touching.length).toBeGreaterThan(0);
    expect(touching).toEqual(await listRelations(store.db, [B], 'b-pe-informant'));
    const both = await readRelationsTouching(store, B, ['b-pe-informant', 'b-co-zephyr']);
    expect(both.map((r) => r.id)).toEqual([...new Set(both.map((r) => r.id))].sort());
    expect(await readRelationsTouching(store, B, [])).toEqual([]);
    const caps = await readCaptions(store, B, ['b-co-zephyr', 'b-pe-informant', 'nobody']);
    expect(caps.map((c) => c.caption).sort()).toEqual([
      'Quentin Vasquel',
      'Zephyrine Trading Secretco',
    ]);
  });

  it('finds the orders, their latest scores and the evidence of an entity', async () => {
    const { store } = ctx;
    const orders = await readOrdersOfEntity(store, B, 'b-co-zephyr');
    expect(orders.map((o) => o.order_id)).toEqual(['B-ORD-SECRET']);
    const [stored] = await listOrders(store.db, [B], ['B-ORD-SECRET']);
    expect(orders[0]).toEqual(stored);

    const scores = await readLatestScores(store, B, ['B-ORD-SECRET', 'unknown']);
    expect(scores.map((s) => s.rules_version)).toEqual(['v2']);
    expect(scores).toEqual(await latestScores(store.db, [B]));
    expect(await readLatestScores(store, OTHER, ['B-ORD-SECRET'])).toEqual([]);

    const evidence = await readEvidence(store, B, 'b-co-zephyr', 'entity');
    expect(evidence.map((e) => e.grade)).toEqual(['B2', 'E5']);
    expect(evidence).toEqual(await evidenceFor(store.db, B, 'b-co-zephyr', 'entity'));
    expect(await readEvidence(store, OTHER, 'b-co-zephyr', 'entity')).toEqual([]);
  });

  it('never sees the rows of a transaction that is rolled back', async () => {
    const { store } = ctx;
    let during: Promise<unknown> | undefined;
    await expect(
      store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('entities')
          .values({
            case_id: B,
            id: 'uncommitted',
            schema: 'Company',
            caption: 'Uncommitted',
            data: JSON.stringify({ id: 'uncommitted', schema: 'Company', properties: {} }),
            created_at: '2024-01-01',
            updated_at: '2024-01-01',
          })
          .execute();
        during = readEntity(store, B, 'uncommitted');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await during).toBeUndefined();
  });
});
