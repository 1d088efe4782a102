import type { Command } from 'commander';

/** Commands of the resolve domain. */
export function register(_program: Command): void {}
