import type { Command } from 'commander';

/** Commands of the reports domain. */
export function register(_program: Command): void {}
