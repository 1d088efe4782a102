import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { backupUnderWrites } from '../../test/backup-trial.ts';
import { describeEachStore } from '../../test/stores.ts';
import { startWorld, type World } from './testing.ts';

/**
 * Issue 18, item 5: `chokepoint backup` taken while two writers save through the API,
 * restored into a fresh database (test/backup-trial.ts): every write acknowledged before the
 * backup started is there, each writer's writes are a prefix (one snapshot), and every GET
 * route of the demo case answers byte for byte as the source. The reliability suite
 * (`npm run test:reliability`) runs more trials.
 */
describeEachStore('backup under writes', (ctx, dialect) => {
  let world: World;
  let dir: string;
  beforeAll(async () => {
    world = await startWorld(ctx.store);
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-backup-'));
  });
  afterAll(async () => {
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores what the server had acknowledged, and answers every read route alike', async () => {
    const f = await backupUnderWrites(world, ctx.url, dialect, dir);
    expect(f.found).toBeGreaterThanOrEqual(f.before);
    console.log(
      `backup under writes [${dialect}]: ${f.before} writes acknowledged before the backup started, ` +
        `${f.during} by its end, ${f.found} found after restore; ${f.requests} read requests on ` +
        `${f.routes} GET routes answered identically (backup ${f.timing.backup} ms, restore ` +
        `${f.timing.restore} ms, comparison ${f.timing.compare} ms)`,
    );
  });
});
