// Builds the web app (web/ -> web/dist) when the build is missing or older than its sources:
// `chokepoint start` calls this before it serves, so that a fresh clone serves the app, and
// bin/build-web.js (`npm run build:web`, the e2e tests) runs it from the command line.
// Two callers at once (say, two test files) do not build over each other: see lock.js.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './lock.js';

const WEB = fileURLToPath(new URL('../web/', import.meta.url));
const DIST_INDEX = join(WEB, 'dist', 'index.html');
const LOCK = join(WEB, '.build-lock');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules' || name === '.build-lock') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Whether web/dist is missing or older than any of the web app's sources. */
export function webIsStale() {
  const sources = ['src', 'index.html', 'vite.config.ts', 'admin1.ts'].map((p) => join(WEB, p));
  return (
    !existsSync(DIST_INDEX) ||
    Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(DIST_INDEX).mtimeMs
  );
}

/**
 * Builds web/dist unless it is up to date (`force` builds anyway), with its progress on
 * stderr. Returns whether it built. Vite is imported only when there is something to build.
 */
export async function ensureWebBuilt({ force = false, quiet = false } = {}) {
  // An install without the web app's sources serves what web/dist holds, if anything.
  if (!existsSync(join(WEB, 'index.html'))) return false;
  if (!force && !webIsStale()) {
    if (!quiet) process.stderr.write('web app is up to date (web/dist)\n');
    return false;
  }
  return withLock(LOCK, async () => {
    if (!force && !webIsStale()) {
      process.stderr.write('web app was built meanwhile (web/dist)\n');
      return false;
    }
    const started = Date.now();
    process.stderr.write('building the web app (web/ -> web/dist)…\n');
    // A test runner's NODE_ENV=test would otherwise give React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const { build } = await import('vite');
      await build({
        configFile: join(WEB, 'vite.config.ts'),
        root: WEB,
        mode: 'production',
        logLevel: process.env.CI ? 'info' : 'warn',
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    process.stderr.write(`built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return true;
  });
}
