import { afterAll, beforeAll, expect, it } from 'vitest';
import { CASE_A, CASE_B, startWorld, type World } from '../../src/server/testing.ts';
import { describeEachStore } from '../stores.ts';

/**
 * Issue 18, item 7: a loopback load run at a fixed rate (open loop: requests leave on the
 * clock whether or not earlier ones answered) for 60 s on each database: four reads of case
 * A by its analyst for one write (an incident saved into case B by its analyst, so that the
 * writes do not empty case A's cache of analyses ten times a second). Reports p50/p95/p99
 * and errors.
 */
const RATE = 50; // requests a second
const SECONDS = Number(process.env.CHOKEPOINT_LOAD_SECONDS ?? 60);
const READS = [
  `/api/cases/${CASE_A}/incidents?limit=20`,
  `/api/cases/${CASE_A}/summary?from=2024-01-01&to=2024-12-31`,
  `/api/cases/${CASE_A}/stats`,
  `/api/cases/${CASE_A}/orders?limit=20`,
  `/api/cases/${CASE_A}/network/junctions`,
  `/api/health`,
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

describeEachStore('loopback load', (ctx, dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(ctx.store);
  });
  afterAll(async () => {
    await world?.close();
  });

  it(`holds ${RATE} requests/s for ${SECONDS} s without an error`, async () => {
    const latencies: number[] = [];
    const errors: string[] = [];
    const inflight: Promise<void>[] = [];
    const auth = { authorization: `Bearer ${world.tokens.analyst}` };
    const writer = { authorization: `Bearer ${world.tokens.stranger}` };
    let n = 0;
    const send = (i: number) => {
      const write = i % 5 === 4;
      const path = write ? `/api/cases/${CASE_B}/incidents` : READS[i % READS.length]!;
      const init: RequestInit = write
        ? {
            method: 'POST',
            headers: { ...writer, 'content-type': 'application/json' },
            body: JSON.stringify({
              incidents: [
                {
                  id: `load-${dialect}-${i}`,
                  text: `Written by the load run, request ${i}.`,
                  date: '2024-03-09',
                  country: 'Syria',
                  attack_type: 'other',
                  sources: [{ name: 'Load run', date: '2024-03-09' }],
                },
              ],
            }),
          }
        : { headers: auth };
      const t0 = performance.now();
      return fetch(`${world.base}${path}`, init).then(
        async (r) => {
          await r.arrayBuffer();
          latencies.push(performance.now() - t0);
          if (r.status >= 300) errors.push(`${r.status} ${path}`);
        },
        (e: Error) => {
          errors.push(`${e.message} ${path}`);
        },
      );
    };
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        // Sends what the clock says is due: a late tick catches up, the rate stays fixed.
        const due = Math.floor(((performance.now() - started) / 1000) * RATE);
        while (n < due && n < RATE * SECONDS) inflight.push(send(n++));
        if (n >= RATE * SECONDS) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });
    await Promise.all(inflight);
    const sorted = [...latencies].sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(
      `load [${dialect}]: ${n} requests at ${RATE}/s for ${SECONDS} s (4 reads : 1 write), ` +
        `${errors.length} errors; p50 ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}, ` +
        `p99 ${ms(quantile(sorted, 0.99))}, max ${ms(sorted.at(-1) ?? 0)}`,
    );
    expect(errors.slice(0, 5)).toEqual([]);
    expect(n).toBe(RATE * SECONDS);
  }, 180_000);
});
