#!/usr/bin/env node
// Runs the built CLI (dist/, made from src/ by bin/build.js at `npm ci`). A developer who
// edited src/ since gets the changed files rebuilt first, with a note on stderr: the check
// is a stat per source file, a few milliseconds.
import { ensureBuilt } from './build.js';

await ensureBuilt();
await import('../dist/cli/run.js');
