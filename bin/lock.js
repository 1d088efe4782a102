// A lock directory for the two builds (dist/ and web/dist): two callers at once (two test
// files, a test run and a developer's CLI) never write over each other; the second waits,
// then finds the work done. A lock left by a crashed build is taken over after a while.
import { mkdirSync, rmSync, statSync } from 'node:fs';

const STALE_LOCK_MS = 5 * 60_000;

/** Runs fn while holding the lock directory `dir` (created, then removed). */
export async function withLock(dir, fn) {
  for (;;) {
    try {
      mkdirSync(dir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(dir).mtimeMs > STALE_LOCK_MS) rmSync(dir, { recursive: true });
      } catch {
        // the lock went away between the two calls: try again
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
