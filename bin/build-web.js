#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) when the build is missing or older than its
// sources, so that `npm start` on a fresh clone serves the app. `--force` always builds.
// A lock directory keeps two callers (say, two test files at once) from building over
// each other: the second waits, then finds the build fresh.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../web/', import.meta.url));
const DIST_INDEX = join(WEB, 'dist', 'index.html');
const LOCK = join(WEB, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

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

function isStale() {
  const sources = ['src', 'index.html', 'vite.config.ts', 'admin1.ts'].map((p) => join(WEB, p));
  return (
    !existsSync(DIST_INDEX) ||
    Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(DIST_INDEX).mtimeMs
  );
}

async function acquireLock() {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      // Someone else is building; a lock left by a crashed build is taken over.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true });
      } catch {
        // the lock went away between the two calls: try again
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const force = process.argv.includes('--force');
if (!force && !isStale()) {
  process.stderr.write('web app is up to date (web/dist)\n');
} else {
  await acquireLock();
  try {
    if (force || isStale()) {
      const started = Date.now();
      process.stderr.write('building the web app (web/ -> web/dist)…\n');
      // A test runner's NODE_ENV=test would otherwise give React's development build.
      process.env.NODE_ENV = 'production';
      const { build } = await import('vite');
      await build({
        configFile: join(WEB, 'vite.config.ts'),
        root: WEB,
        mode: 'production',
        logLevel: process.env.CI ? 'info' : 'warn',
      });
      process.stderr.write(
        `built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    } else {
      process.stderr.write('web app was built meanwhile (web/dist)\n');
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
