import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorld, type World } from '../../src/server/testing.ts';
import { backupUnderWrites, type TrialFigures } from '../backup-trial.ts';
import { describeEachStore } from '../stores.ts';

/**
 * Issue 18, items 5 and 7: the backup-under-writes check, TRIALS times on each database
 * against one server whose store grows with every trial's writes, each trial warming its
 * writers up longer. A copy of the SQLite file lost 3–29 acknowledged writes in each of 4
 * trials when the issue was filed; `chokepoint backup` must lose none and answer every read
 * route as the source did.
 */
const TRIALS = Number(process.env.BACKUP_TRIALS ?? 4);

describeEachStore('backup under writes, repeated', (ctx, dialect) => {
  let world: World;
  let dir: string;
  const figures: TrialFigures[] = [];
  beforeAll(async () => {
    world = await startWorld(ctx.store);
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-backup-rel-'));
  });
  afterAll(async () => {
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
    const sum = (k: 'before' | 'during' | 'found' | 'requests') =>
      figures.reduce((a, f) => a + f[k], 0);
    console.log(
      `backup under writes [${dialect}], ${figures.length} trials: ${sum('before')} writes ` +
        `acknowledged before the backups started, ${sum('during')} by their ends, ${sum('found')} ` +
        `found after restore, 0 acknowledged writes lost; ${sum('requests')} read requests ` +
        `(${figures[0]?.routes ?? 0} GET routes) answered identically; backup ` +
        `${figures.map((f) => f.timing.backup).join('/')} ms, restore ` +
        `${figures.map((f) => f.timing.restore).join('/')} ms`,
    );
  });

  for (let t = 0; t < TRIALS; t++) {
    it(`trial ${t + 1} of ${TRIALS}`, async () => {
      const f = await backupUnderWrites(world, ctx.url, dialect, dir, {
        warmup: 30 + 60 * t,
        tag: `t${t}`,
      });
      expect(f.found).toBeGreaterThanOrEqual(f.before);
      figures.push(f);
    });
  }
});
