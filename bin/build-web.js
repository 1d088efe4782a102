#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) when the build is missing or older than its
// sources, so that `npm start` on a fresh clone serves the app. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../web/', import.meta.url));
const DIST_INDEX = join(WEB, 'dist', 'index.html');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'dist' || name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

const force = process.argv.includes('--force');
const sources = ['src', 'index.html', 'vite.config.ts', 'admin1.ts'].map((p) => join(WEB, p));
const stale =
  force ||
  !existsSync(DIST_INDEX) ||
  Math.max(...sources.filter(existsSync).map(newestMtime)) > statSync(DIST_INDEX).mtimeMs;

if (!stale) {
  process.stderr.write('web app is up to date (web/dist)\n');
} else {
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
  process.stderr.write(`built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
