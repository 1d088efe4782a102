import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './harness.ts';

/**
 * Start-up time of the CLI as a user meets it: `chokepoint --version` and `chokepoint stats`
 * on the demo database, each a spawned `node bin/chokepoint.js …` (with its check of dist/
 * against src/), against the floor any Node CLI pays, `node -e 0`, in the same run. The three
 * are run in turn, N rounds, so that a busy machine slows all three alike; medians reported.
 * Targets (issue 17): --version < 300 ms, stats < 800 ms.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/chokepoint.js');
const ROUNDS = Number(process.env.BENCH_STARTUP_RUNS ?? '21');

function spawnMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  // Built first (and the demo database made) outside the timing.
  spawnMs([join(ROOT, 'bin/build.js')]);
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-startup-'));
  try {
    const db = join(dir, 'demo.db');
    spawnMs([BIN, 'demo', '--db', db]);
    const cases = {
      peer: ['-e', '0'],
      version: [BIN, '--version'],
      stats: [BIN, 'stats', '--db', db],
    };
    const times = { peer: [] as number[], version: [] as number[], stats: [] as number[] };
    for (const args of Object.values(cases)) spawnMs(args); // warm the file cache
    for (let i = 0; i < ROUNDS; i++)
      for (const [k, args] of Object.entries(cases))
        times[k as keyof typeof cases].push(spawnMs(args));
    const peer = median(times.peer);
    for (const [k, target] of [
      ['version', 300],
      ['stats', 800],
    ] as const) {
      const ours = median(times[k]);
      report({
        bench: 'startup',
        size: `${ROUNDS} runs, median`,
        ours: k === 'version' ? 'chokepoint --version' : 'chokepoint stats --db demo.db',
        ours_ms: ours,
        peer: 'node -e 0',
        peer_ms: peer,
        note: `target < ${target} ms: ${ours < target ? 'met' : 'NOT met'}`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
