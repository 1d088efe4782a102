import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createNormaliser } from '../src/arms/normalise.ts';
import {
  buildOrderIndex,
  compareCandidates,
  judgeIdentity,
  prepareItem,
  type IdentityCandidate,
} from '../src/trace/identity.ts';
import { generateTraceWorld, traceWorldCsv } from '../src/trace/generate.ts';
import { report, scaled } from './harness.ts';

/**
 * `chokepoint trace` as a user runs it over many items: the built CLI, spawned, tracing
 * 10 000 seized components (`trace --items FILE --json`, one JSON line per item) against a
 * case of 1 M orders, wall time from spawn to exit, output written to a file. Issue 23's bar:
 * under 30 s.
 *
 * Set-up, not timed (its time is in the note): the seeded world of src/trace/generate.ts
 * (planted true orders and decoys), written as the orders and seizures CSV files and
 * imported with `chokepoint import` (parties resolved, search index written) into a fresh
 * SQLite file.
 *
 * Peers, in the same run, on the same world:
 * - DuckDB (a dev dependency) reading the same two CSV files (load time in the note) and
 *   doing the identity scoring in SQL: items joined to orders on the folded part number, maker,
 *   lot, serial run (compared as strings of one length, which the generated serials are) and
 *   date as CASE sums, the best 10 per item by a window. It does not do the route, network,
 *   chain or flags parts that ours does, nor write JSON.
 * - A brute-force scan: our own scorer (judgeIdentity) over every order for each item,
 *   without the index, timed on a sample of items and extrapolated to all of them.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = fileURLToPath(new URL('./out/', import.meta.url));
const BIN = join(ROOT, 'bin/chokepoint.js');

function spawn(args: string[], stdoutFile?: string): number {
  const t0 = performance.now();
  const r = spawnSync(
    'sh',
    [
      '-c',
      `"${process.execPath}" ${args.map((a) => `'${a}'`).join(' ')}${stdoutFile ? ` > '${stdoutFile}'` : ''}`,
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`chokepoint ${args.slice(1).join(' ')} failed: ${r.stderr}`);
  return ms;
}

export async function run(): Promise<void> {
  const nOrders = scaled(1_000_000);
  const nItems = scaled(10_000);
  mkdirSync(OUT, { recursive: true });
  const dir = join(OUT, 'trace-bench');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    // --- set-up (not timed): the world, its files, the import.
    let t0 = performance.now();
    const world = generateTraceWorld({ orders: nOrders, items: nItems, seed: 23 });
    const csv = traceWorldCsv(world);
    const ordersCsv = join(dir, 'orders.csv');
    const seizuresCsv = join(dir, 'seizures.csv');
    const itemsTxt = join(dir, 'items.txt');
    writeFileSync(ordersCsv, csv.orders);
    writeFileSync(seizuresCsv, csv.seizures);
    writeFileSync(itemsTxt, `${world.items.map((i) => i.item_id).join('\n')}\n`);
    const genMs = performance.now() - t0;
    spawn([BIN, '--version']); // builds dist/ if stale, outside every timing
    const db = join(dir, 'trace.db');
    spawn([BIN, 'cases', 'add', 'gen', 'Generated', '--db', db]);
    const importMs =
      spawn([BIN, 'import', 'orders', ordersCsv, '--case', 'gen', '--db', db]) +
      spawn([BIN, 'import', 'seizures', seizuresCsv, '--case', 'gen', '--db', db]);

    // --- ours: the CLI over every item.
    const outFile = join(dir, 'trace.jsonl');
    const oursMs = spawn(
      [BIN, 'trace', '--items', itemsTxt, '--json', '--case', 'gen', '--db', db],
      outFile,
    );
    let traceable = 0;
    let right = 0;
    let decoyTop = 0;
    let lines = 0;
    for (const line of readFileSync(outFile, 'utf8').split('\n')) {
      if (!line) continue;
      lines++;
      const r = JSON.parse(line) as { item_id: string; candidates: { order_id: string }[] };
      const top = r.candidates[0]?.order_id;
      if (top && world.decoys.has(top)) decoyTop++;
      if (world.kind.get(r.item_id) !== 'traceable') continue;
      traceable++;
      if (top === world.truth.get(r.item_id)) right++;
    }
    if (lines !== nItems) throw new Error(`trace printed ${lines} lines for ${nItems} items`);

    // --- peer 1: DuckDB on the same files.
    const duck = await DuckDBInstance.create(':memory:');
    const conn = await duck.connect();
    t0 = performance.now();
    await conn.run(
      `create table orders as select * from read_csv('${ordersCsv}', header = true, all_varchar = true)`,
    );
    await conn.run(
      `create table items as select * from read_csv('${seizuresCsv}', header = true, all_varchar = true)`,
    );
    const duckLoad = performance.now() - t0;
    const key = (c: string, up = false) =>
      `nullif(regexp_replace(${up ? 'upper' : 'lower'}(${c}), '[^${up ? 'A-Z' : 'a-z'}0-9]', '', 'g'), '')`;
    t0 = performance.now();
    const res = await conn.runAndReadAll(`
      with o as (select order_id, order_date, ${key('part_number')} as pk, ${key('manufacturer')} as mk,
                        ${key('lot')} as lk, ${key('serial_first', true)} as sf, ${key('serial_last', true)} as sl
                 from orders),
           i as (select item_id, seizure_date, ${key('model')} as pk, ${key('manufacturer')} as mk,
                        ${key('lot')} as lk, ${key('serial_number', true)} as sn
                 from items),
           j as (select i.item_id, o.order_id, o.order_date,
                   3 + case when i.mk is null or o.mk is null then 0
                            when starts_with(o.mk, i.mk) or starts_with(i.mk, o.mk) then 2 else -6 end
                     + case when i.lk is null or o.lk is null then 0 when i.lk = o.lk then 3 else -3 end
                     + case when i.sn is null or o.sf is null then 0
                            when length(i.sn) = length(o.sf) and i.sn between o.sf and o.sl then 4 else -6 end
                     + case when o.order_date <= i.seizure_date then 1 else -8 end as points,
                   (i.mk is not null and o.mk is not null and not (starts_with(o.mk, i.mk) or starts_with(i.mk, o.mk)))
                   or (i.sn is not null and o.sf is not null and not (length(i.sn) = length(o.sf) and i.sn between o.sf and o.sl))
                   or o.order_date > i.seizure_date as excluded
                 from i join o on i.pk = o.pk)
      select item_id, order_id, rn from (
        select *, row_number() over (partition by item_id order by excluded, points desc, order_date desc) as rn from j)
      where rn <= 10`);
    const duckMs = performance.now() - t0;
    const duckRows = res.getRows();
    const duckTop = new Map<string, string>();
    for (const [item, order, rn] of duckRows as [string, string, bigint][])
      if (Number(rn) === 1) duckTop.set(item, order);
    let duckRight = 0;
    for (const [item, order] of duckTop) if (world.truth.get(item) === order) duckRight++;
    conn.closeSync();
    duck.closeSync();

    // --- peer 2: brute force, our scorer over every order per item, on a sample.
    const normaliser = createNormaliser();
    const ix = buildOrderIndex(world.orders, normaliser);
    const sample = world.items.slice(0, Math.min(world.items.length, 20));
    t0 = performance.now();
    for (const item of sample) {
      const p = prepareItem(item, normaliser);
      const found: IdentityCandidate[] = [];
      for (let i = 0; i < ix.orders.length; i++) {
        const part = ix.partKey[i];
        const model = ix.modelKey[i];
        if ((part && p.keys.includes(part)) || (model && p.keys.includes(model)))
          found.push(judgeIdentity(ix, i, item, p));
      }
      found.sort(compareCandidates);
    }
    const bruteMs = ((performance.now() - t0) / sample.length) * world.items.length;

    const size = `${nItems} items × ${nOrders} orders`;
    const accuracy = `true order top for ${right} of ${traceable} traceable items (${((right / Math.max(1, traceable)) * 100).toFixed(1)} %), decoy on top ${decoyTop} times`;
    const setup = `set-up not timed: world generated and written in ${(genMs / 1000).toFixed(1)} s, chokepoint import orders + seizures ${(importMs / 1000).toFixed(1)} s`;
    report({
      bench: 'trace',
      size,
      ours: 'chokepoint trace --items FILE --json (spawned CLI, default 5 candidates each, wall time)',
      ours_ms: oursMs,
      peer: 'DuckDB join on part number + identity scoring in SQL (query only)',
      peer_ms: duckMs,
      note: `${accuracy}; target < 30 s: ${oursMs < 30_000 ? 'met' : 'NOT met'}; DuckDB read_csv of the two files ${(duckLoad / 1000).toFixed(1)} s more, DuckDB's top is the true order for ${duckRight} items; ${setup}`,
    });
    report({
      bench: 'trace',
      size,
      ours: 'chokepoint trace --items FILE --json (spawned CLI)',
      ours_ms: oursMs,
      peer: `brute force: our scorer over every order per item (extrapolated from ${sample.length} items)`,
      peer_ms: bruteMs,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
