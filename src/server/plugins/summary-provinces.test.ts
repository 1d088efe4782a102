import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/stores.ts';
import { CASE_A, startWorld, type World } from '../testing.ts';

interface Bucket {
  key: string;
  country: string | null;
  attacks: number;
}
interface Comparison {
  from: string;
  to: string;
  previous: { from: string; to: string };
  provinces: {
    province: string;
    country: string | null;
    attacks: number;
    previous: number;
    delta: number;
  }[];
}

/**
 * The dashboard's per-province comparison (issue 22, item 5) is the bulletin's: every
 * province of either week, its attacks now and before, agreeing with the two roll-ups.
 */
describeEachStore('API per-province comparison', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(ctx.store);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });
  const get = async <T>(path: string) => {
    const r = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/${path}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as T;
  };

  it('agrees with the summaries of the week and the week before', async () => {
    const c = await get<Comparison>('summary/provinces?from=2021-01-06&to=2021-01-12');
    expect(c.previous).toEqual({ from: '2020-12-30', to: '2021-01-05' });
    const now = await get<{ by_admin1: Bucket[] }>(
      'summary?from=2021-01-06&to=2021-01-12&compare=none',
    );
    const before = await get<{ by_admin1: Bucket[] }>(
      'summary?from=2020-12-30&to=2021-01-05&compare=none',
    );
    const key = (b: { country: string | null }, name: string) => `${b.country ?? ''}/${name}`;
    const expected = new Map<string, [number, number]>();
    for (const b of now.by_admin1) expected.set(key(b, b.key), [b.attacks, 0]);
    for (const b of before.by_admin1) {
      const e = expected.get(key(b, b.key)) ?? [0, 0];
      expected.set(key(b, b.key), [e[0], b.attacks]);
    }
    expect(c.provinces.length).toBe(expected.size);
    expect(c.provinces.length).toBeGreaterThan(0);
    for (const p of c.provinces) {
      expect([p.attacks, p.previous], p.province).toEqual(expected.get(key(p, p.province)));
      expect(p.delta).toBe(p.attacks - p.previous);
    }
    // The biggest change first.
    const deltas = c.provinces.map((p) => Math.abs(p.delta));
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
  });

  it('refuses a period that ends before it starts', async () => {
    const r = await w.call(
      'viewer',
      'GET',
      `/api/cases/${CASE_A}/summary/provinces?from=2021-01-12&to=2021-01-06`,
    );
    expect(r.status).toBe(400);
  });
});
