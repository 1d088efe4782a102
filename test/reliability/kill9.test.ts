import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { rng } from '../../src/core/random.ts';
import { openStore, sqliteQuickCheck } from '../../src/store/connect.ts';
import { storeStats } from '../../src/store/stats.ts';
import { CLI_ENV } from '../cli.ts';
import { acledCsv } from '../heavy.ts';
import { describeEachStore } from '../stores.ts';

/**
 * Issue 18, item 7: `chokepoint import acled` killed with SIGKILL at a random moment, trial
 * after trial, on both databases. An import is all or nothing: after each kill the store
 * opens, passes its integrity check (SQLite), and holds either none of the file's rows or
 * all of them — never part (a "partial"), never a store that will not open (a "corrupt").
 */
const BIN = fileURLToPath(new URL('../../bin/chokepoint.js', import.meta.url));
const TRIALS = 8;
const ROWS = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'chokepoint-kill9-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function importKilledAfter(url: string, file: string, ms: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'import', 'acled', file, '--db', url], {
      env: { ...process.env, ...CLI_ENV },
      stdio: 'ignore',
    });
    let exited = false;
    const timer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, ms);
    child.on('exit', (_code, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

describeEachStore('kill -9 during imports', (ctx, dialect) => {
  it(`${TRIALS} imports of ${ROWS} ACLED rows killed at random: none partial, none corrupt`, async () => {
    const rand = rng(dialect === 'sqlite' ? 7 : 11);
    let partial = 0;
    let corrupt = 0;
    let killed = 0;
    let completed = 0;
    for (let t = 0; t < TRIALS; t++) {
      const file = join(dir, `acled-${dialect}-${t}.csv`);
      writeFileSync(file, acledCsv(ROWS, `K${dialect[0]}${t}-`));
      const before = (await storeStats(ctx.store.db)).incidents;
      // From the CLI's start-up to well past the import's end.
      const ms = 300 + Math.floor(rand() * 9_000);
      const r = await importKilledAfter(ctx.url, file, ms);
      if (r.killed) killed++;
      else completed++;
      try {
        const store = await openStore({ url: ctx.url });
        try {
          const check = sqliteQuickCheck(store);
          if (check !== undefined && check !== 'ok') corrupt++;
          const after = (await storeStats(store.db)).incidents;
          if (after !== before && after !== before + ROWS) partial++;
        } finally {
          await store.close();
        }
      } catch {
        corrupt++;
      }
      rmSync(file, { force: true });
    }
    console.log(
      `kill -9 trials [${dialect}]: ${TRIALS} imports of ${ROWS} rows, ${killed} killed mid-way, ` +
        `${completed} finished first; partial ${partial}, corrupt ${corrupt}`,
    );
    expect(partial).toBe(0);
    expect(corrupt).toBe(0);
    expect(killed).toBeGreaterThan(0);
  }, 600_000);
});
