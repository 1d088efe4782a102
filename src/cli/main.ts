import { Command, CommanderError } from 'commander';
import { toChokepointError } from '../core/errors.ts';
import { register as registerFoundation } from './commands/foundation.ts';
import { register as registerServer } from './commands/server.ts';
import { register as registerIncidents } from './commands/incidents.ts';
import { register as registerArms } from './commands/arms.ts';
import { register as registerResolve } from './commands/resolve.ts';
import { register as registerNetwork } from './commands/network.ts';
import { register as registerFlags } from './commands/flags.ts';
import { register as registerReports } from './commands/reports.ts';
import { register as registerUsers } from './commands/users.ts';

export function buildProgram(): Command {
  const program = new Command('chokepoint')
    .description(
      'Incidents, weapon traces, procurement networks, red flags and choke points, each traceable to its sources.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  // One module per domain, each adding its own commands.
  for (const register of [
    registerFoundation,
    registerServer,
    registerIncidents,
    registerArms,
    registerResolve,
    registerNetwork,
    registerFlags,
    registerReports,
    registerUsers,
  ]) {
    register(program);
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
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
