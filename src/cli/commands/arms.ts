import type { Command } from 'commander';

/** Commands of the arms domain. */
export function register(_program: Command): void {}
