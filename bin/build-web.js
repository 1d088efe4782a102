#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) when the build is missing or older than its
// sources; `--force` always builds. `chokepoint start` does the same by itself (bin/web.js).
import { ensureWebBuilt } from './web.js';

await ensureWebBuilt({ force: process.argv.includes('--force') });
