import { Command, CommanderError } from 'commander';
import { toChokepointError } from '../core/errors.ts';

type Register = (program: Command) => void;

/**
 * The command modules, one per domain, in help order. Each is imported only when the
 * command line names one of its commands (see COMMANDS), so that `chokepoint stats` does not
 * load the server, the resolve engine or the report renderer.
 */
const MODULES = {
  foundation: () => import('./commands/foundation.ts'),
  server: () => import('./commands/server.ts'),
  incidents: () => import('./commands/incidents.ts'),
  arms: () => import('./commands/arms.ts'),
  resolve: () => import('./commands/resolve.ts'),
  network: () => import('./commands/network.ts'),
  flags: () => import('./commands/flags.ts'),
  trace: () => import('./commands/trace.ts'),
  reports: () => import('./commands/reports.ts'),
  users: () => import('./commands/users.ts'),
  backup: () => import('./commands/backup.ts'),
  timeline: () => import('./commands/timeline.ts'),
  documents: () => import('./commands/documents.ts'),
  mentions: () => import('./commands/mentions.ts'),
  lists: () => import('./commands/lists.ts'),
  jobs: () => import('./commands/jobs.ts'),
} satisfies Record<string, () => Promise<{ register: Register }>>;

type ModuleName = keyof typeof MODULES;
const ALL = Object.keys(MODULES) as ModuleName[];

/**
 * Top-level command → the modules that add to it (a test checks this table against what the
 * modules register). `import` is foundation's, and resolve adds `--list` to it.
 */
export const COMMANDS: Record<string, ModuleName[]> = {
  import: ['foundation', 'resolve', 'documents', 'lists', 'mentions'],
  export: ['foundation'],
  demo: ['foundation'],
  sources: ['foundation'],
  stats: ['foundation'],
  search: ['foundation'],
  cases: ['foundation'],
  start: ['server'],
  extract: ['incidents'],
  summary: ['incidents'],
  incidents: ['incidents'],
  // `arms nearby` is trace's, on arms' command.
  arms: ['arms', 'trace'],
  match: ['resolve'],
  screen: ['resolve'],
  names: ['resolve'],
  network: ['network'],
  entity: ['network'],
  flags: ['flags'],
  trace: ['trace'],
  report: ['reports'],
  user: ['users'],
  backup: ['backup'],
  restore: ['backup'],
  timeline: ['timeline'],
  documents: ['documents', 'mentions'],
  lists: ['lists'],
  alerts: ['lists'],
  jobs: ['jobs'],
  worker: ['jobs'],
};

/**
 * The options every command takes, wherever they stand: `chokepoint --db x.db stats` is
 * `chokepoint stats --db x.db`. Flags take no value; the others take the next word (or `=`).
 */
const GLOBAL_FLAGS = new Set(['--json']);
const GLOBAL_VALUED = new Set(['--db', '--case']);

function globalOption(args: string[], i: number): number {
  const a = args[i]!;
  if (GLOBAL_FLAGS.has(a)) return 1;
  if (GLOBAL_VALUED.has(a)) return i + 1 < args.length ? 2 : 1;
  const eq = a.indexOf('=');
  return eq > 0 && GLOBAL_VALUED.has(a.slice(0, eq)) ? 1 : 0;
}

/** The first word of the command line that is not a global option: the command's name. */
function commandName(args: string[]): string | undefined {
  for (let i = 0; i < args.length;) {
    if (args[i] === '--') return undefined;
    const n = globalOption(args, i);
    if (n === 0) return args[i]!.startsWith('-') ? undefined : args[i];
    i += n;
  }
  return undefined;
}

/** Which modules a command line needs: none for `--version`, all for help or a typo. */
export function modulesFor(args: string[]): ModuleName[] {
  const name = commandName(args);
  if (name === undefined) return args.includes('--version') || args.includes('-V') ? [] : ALL;
  // `chokepoint help <command>`: the modules of that command.
  if (name === 'help') {
    const next = commandName(args.slice(args.indexOf('help') + 1));
    return (next !== undefined && COMMANDS[next]) || ALL;
  }
  return COMMANDS[name] ?? ALL;
}

/**
 * Moves the global options found on the way to the command (`--json --case c1 flags score`,
 * `flags --json score`) to just after it (`flags score --json --case c1`), where the command
 * defines them; options after the command are left where they are (and, coming later, win).
 */
export function liftGlobalOptions(program: Command, args: string[]): string[] {
  const lifted: string[] = [];
  const path: string[] = [];
  let cmd: Command = program;
  let i = 0;
  while (i < args.length && args[i] !== '--') {
    const n = globalOption(args, i);
    if (n > 0) {
      lifted.push(...args.slice(i, i + n));
      i += n;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === args[i] || c.aliases().includes(args[i]!));
    if (!sub) break;
    path.push(args[i]!);
    cmd = sub;
    i++;
  }
  if (lifted.length === 0 || path.length === 0) return args;
  return [...path, ...lifted, ...args.slice(i)];
}

/** Adds --db, --json and --case to every command that runs (those without subcommands). */
function everyCommandCommon(cmd: Command, common: (c: Command) => Command): void {
  if (cmd.commands.length === 0) common(cmd);
  else for (const sub of cmd.commands) everyCommandCommon(sub, common);
}

export async function buildProgram(modules: readonly ModuleName[] = ALL): Promise<Command> {
  const program = new Command('chokepoint')
    .description(
      'Incidents, weapon traces, procurement networks, red flags and choke points, each traceable to its sources.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const wanted = ALL.filter((m) => modules.includes(m));
  if (wanted.length === 0) return program;
  const [loaded, { common }] = await Promise.all([
    Promise.all(wanted.map((m) => MODULES[m]())),
    import('./context.ts'),
  ]);
  for (const mod of loaded) mod.register(program);
  for (const sub of program.commands) everyCommandCommon(sub, common);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    const program = await buildProgram(modulesFor(argv));
    await program.parseAsync(liftGlobalOptions(program, argv), { from: 'user' });
    // A command that reports its own failures (import --keep-going) leaves its exit code.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version "errors" are normal exits; usage errors were printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    const err = toChokepointError(e);
    if (json) process.stderr.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
    else process.stderr.write(`error ${err.code}: ${err.message}\n`);
    if (err.code === 'CP_INTERNAL' && process.env.CHOKEPOINT_DEBUG)
      process.stderr.write(`${(e as Error).stack}\n`);
    return err.status < 500 ? 2 : 1;
  }
}
