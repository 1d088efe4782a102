import type { Command } from 'commander';

/** Commands of the incidents domain. */
export function register(_program: Command): void {}
