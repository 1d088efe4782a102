import type { Command } from 'commander';

/** Commands of the network domain. */
export function register(_program: Command): void {}
