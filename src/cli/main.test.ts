import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.ts';
import { buildProgram, COMMANDS, liftGlobalOptions, modulesFor } from './main.ts';

function leaves(cmd: Command, path: string[] = []): [string, Command][] {
  if (cmd.commands.length === 0) return [[path.join(' '), cmd]];
  return cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

describe('the CLI loads only the modules of the command it runs', () => {
  it('names every top-level command in its table, and each loads from its own modules', async () => {
    const all = await buildProgram();
    expect(all.commands.map((c) => c.name()).sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const [name, modules] of Object.entries(COMMANDS)) {
      const some = await buildProgram(modules);
      expect(some.commands.map((c) => c.name())).toContain(name);
    }
    // `import sanctions --list`: resolve's option on foundation's command.
    const imp = (await buildProgram(COMMANDS.import)).commands.find((c) => c.name() === 'import')!;
    expect(imp.options.map((o) => o.long)).toContain('--list');
  });

  it('loads nothing for --version, everything for help or an unknown command', () => {
    expect(modulesFor(['--version'])).toEqual([]);
    expect(modulesFor(['--db', 'x.db', 'stats'])).toEqual(['foundation']);
    expect(modulesFor(['help', 'flags'])).toEqual(['flags']);
    // Every module, however many there are: each adds to some command of the table.
    const every = new Set(Object.values(COMMANDS).flat()).size;
    expect(modulesFor([])).toHaveLength(every);
    expect(modulesFor(['--help'])).toHaveLength(every);
    expect(modulesFor(['statz'])).toHaveLength(every);
  });

  it('gives every command --db, --json and --case', async () => {
    for (const [path, cmd] of leaves(await buildProgram())) {
      const longs = cmd.options.map((o) => o.long);
      for (const flag of ['--db', '--json', '--case'])
        expect(longs, `${path} ${flag}`).toContain(flag);
    }
  });
});

describe('global options stand before or after the command', () => {
  it('moves the options met on the way to the command to just after it', async () => {
    const program = await buildProgram(['foundation', 'flags']);
    expect(liftGlobalOptions(program, ['--db', 'x.db', 'stats'])).toEqual([
      'stats',
      '--db',
      'x.db',
    ]);
    expect(
      liftGlobalOptions(program, ['--json', '--case', 'c1', 'flags', 'score', '--rules', 'v1']),
    ).toEqual(['flags', 'score', '--json', '--case', 'c1', '--rules', 'v1']);
    expect(liftGlobalOptions(program, ['flags', '--db=x.db', 'queue'])).toEqual([
      'flags',
      'queue',
      '--db=x.db',
    ]);
    expect(liftGlobalOptions(program, ['stats', '--db', 'x.db'])).toEqual([
      'stats',
      '--db',
      'x.db',
    ]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-main-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs `chokepoint --db x.db --json stats` exactly as `chokepoint stats --db x.db --json`', () => {
    const db = join(dir, 'x.db');
    const before = runCli(['--db', db, '--json', 'stats']);
    const after = runCli(['stats', '--db', db, '--json']);
    expect(before.code).toBe(0);
    expect(before.stderr).toBe('');
    expect(JSON.parse(before.stdout)).toEqual(JSON.parse(after.stdout));
    const missing = runCli(['--json', '--case', 'nope', '--db', db, 'incidents', 'merges']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).error.code).toBe('CP_NOT_FOUND');
  });
});
