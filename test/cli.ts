import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/chokepoint.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a spawned CLI: dist/ was built by the test run's global setup
 * (test/global-setup.ts), so the CLI skips its own check of dist/ against src/.
 */
export const CLI_ENV = { CHOKEPOINT_NO_BUILD_CHECK: '1' };

/** Runs `chokepoint <args>` (the built CLI) as a child process, as a user or a script would. */
export function runCli(
  args: string[],
  opts: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, ...CLI_ENV, ...opts.env },
    cwd: opts.cwd,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
