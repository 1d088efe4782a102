import type { Command } from 'commander';

/** Commands of the flags domain. */
export function register(_program: Command): void {}
