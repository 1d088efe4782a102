import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BUILD = fileURLToPath(new URL('../bin/build.js', import.meta.url));

/**
 * Before any test file: brings dist/ (what bin/chokepoint.js runs) up to date with src/,
 * a few milliseconds when it is. The tests that spawn the CLI then run what src/ held at
 * this moment, and skip the CLI's own freshness check (CHOKEPOINT_NO_BUILD_CHECK, set by
 * test/cli.ts), so that an edit made during the run does not rebuild under a running test.
 */
export default function setup(): void {
  const r = spawnSync(process.execPath, [BUILD], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bin/build.js failed:\n${r.stderr}${r.stdout}`);
}
