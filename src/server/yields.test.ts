import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../store/connect.ts';
import { startWorld, type World } from './testing.ts';
import { RECORDS_PER_TURN } from './yields.ts';

/**
 * A match's records are validated RECORDS_PER_TURN at a time (src/server/yields.ts): the
 * answer is what one validation of the whole body gave, a bad record past the first turn
 * included (its field path counts from the start of the array).
 */
let store: Store;
let world: World;
const dir = mkdtempSync(join(tmpdir(), 'chokepoint-yields-'));
beforeAll(async () => {
  store = await openStore({ url: join(dir, 'yields.db') });
  world = await startWorld(store);
});
afterAll(async () => {
  await world?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const A = '/api/cases/default';
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, name: `Acme ${i}` }));

it('answers a bad record past the first turn with its own field path', async () => {
  const left: Record<string, string>[] = rows(RECORDS_PER_TURN * 2 + 500);
  const at = RECORDS_PER_TURN * 2 + 7;
  left[at]!.birth_date = 'last spring';
  const r = await world.call('viewer', 'POST', `${A}/match`, { left });
  expect(r.status).toBe(400);
  expect((r.body as { error: { field: string } }).error.field).toBe(`body.left.${at}.birth_date`);
  const right = [{ id: 'x', name: 'y' }, { id: 5 }];
  const r2 = await world.call('viewer', 'POST', `${A}/match`, { left: rows(2), right });
  expect((r2.body as { error: { field: string } }).error.field).toBe('body.right.1.id');
});

it('checks the rest of the body as before, and takes a good body', async () => {
  const r = await world.call('viewer', 'POST', `${A}/match`, { left: rows(2), threshold: 3 });
  expect((r.body as { error: { field: string } }).error.field).toBe('body.threshold');
  const empty = await world.call('viewer', 'POST', `${A}/screen`, { names: [] });
  expect((empty.body as { error: { field: string } }).error.field).toBe('body.names');
  const ok = await world.call('viewer', 'POST', `${A}/match`, {
    left: [
      { id: 'a', name: '  Karahan Trading Ltd ' },
      { id: 'b', name: 'Karahan Trading Limited' },
    ],
  });
  expect(ok.status).toBe(200);
  const big = await world.call('viewer', 'POST', `${A}/match`, { left: rows(2_500) });
  expect(big.status).toBe(202);
}, 60_000);
