#!/usr/bin/env node
// Builds src/ into dist/, which is what bin/chokepoint.js runs: every TypeScript file is
// transpiled on its own with the options of tsconfig.build.json (TypeScript's transpileModule,
// which gives tsc's output file for file: tsconfig.json sets isolatedModules), and every data
// file the code reads next to itself (src/geo/data/, src/flags/rules/, src/arms/aliases.json…)
// is copied, so dist/ mirrors src/ and `new URL('./data/…', import.meta.url)` resolves there
// as it does in src/. Type checking is `npm run typecheck`'s job, not the build's.
//
// Each output takes its source's mtime, and a file is rebuilt when the two differ, so a
// rebuild after an edit touches only the edited files: bin/chokepoint.js runs that check
// (a few hundred stat calls, ~2 ms) before each start and rebuilds what a developer
// changed. `npm ci` builds everything through the `prepare` script.
//
//   node bin/build.js            build what is missing or stale; drop outputs whose source went
//   node bin/build.js --force    rebuild everything
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from './lock.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
export const DIST = join(ROOT, 'dist');
const CONFIG = join(ROOT, 'tsconfig.build.json');
const LOCK = join(DIST, '.build-lock');

/** tsconfig.build.json's "exclude" globs (src/**\/*.test.ts, fixtures…) as one regex. */
function excluded() {
  const config = JSON.parse(readFileSync(CONFIG, 'utf8'));
  const globs = config.exclude ?? [];
  // A glob segment `**` is any number of directories (none at the end: anything below).
  const seg = (part, last) =>
    part === '**'
      ? last
        ? '.*'
        : '(?:[^/]+/)*'
      : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*') + (last ? '' : '/');
  const toRe = (g) =>
    g
      .split('/')
      .map((part, i, all) => seg(part, i === all.length - 1))
      .join('');
  return new RegExp(`^(?:${globs.map(toRe).join('|')})$`);
}

/**
 * Dependencies made of many small ES modules, each import of them bundled (with what it
 * imports) into one file under dist/node_modules/<package>/, where Node's resolution finds it
 * first for an import from dist/ (no import is rewritten). CPU to load, as modules → bundled:
 * Kysely, 262 modules, ~180 → ~20 ms (every command that opens the store); ECharts with
 * zrender, ~590 modules, ~700 → ~130 ms (reports, the server); chrono-node, ~220 → ~15 ms
 * (extraction); fast-xml-parser and its helpers, 39 modules, ~45 → ~10 ms (the importer).
 * A package is listed only if no other dependency imports it, so that there is still one
 * instance: that leaves Zod (95 modules) out, as fastify-type-provider-zod imports it too.
 */
const VENDORED = ['kysely', 'fast-xml-parser', 'echarts', 'chrono-node/en'];

/** `chrono-node/en` → the package (`chrono-node`) and its file in dist/node_modules (`en.js`). */
function vendorPath(spec) {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return { pkg: parts.slice(0, n).join('/'), file: `${parts.slice(n).join('/') || 'index'}.js` };
}

/** The package.json of a bundled package: its bundled imports as its exports. */
function vendorManifest(pkg) {
  const exports = {};
  for (const spec of VENDORED) {
    const v = vendorPath(spec);
    if (v.pkg === pkg)
      exports[v.file === 'index.js' ? '.' : `./${v.file.slice(0, -3)}`] = `./${v.file}`;
  }
  return `${JSON.stringify({ name: pkg, private: true, type: 'module', exports, note: 'bundled by bin/build.js' })}\n`;
}

/**
 * Every file the build makes: TypeScript sources become .js, other files (data, rules) are
 * copied; tests, fixtures and notes (*.md) are left out.
 */
function plan() {
  const skip = excluded();
  const files = [];
  const walk = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, d.name);
      const rel = relative(ROOT, path).split(sep).join('/');
      if (skip.test(rel) || (d.isDirectory() && skip.test(`${rel}/x`))) continue;
      if (d.isDirectory()) walk(path);
      else if (d.name.endsWith('.md') || d.name.endsWith('.d.ts')) continue;
      else {
        const ts = d.name.endsWith('.ts');
        const out = join(DIST, relative(SRC, ts ? path.slice(0, -3) + '.js' : path));
        files.push({ src: path, out, ts });
      }
    }
  };
  walk(SRC);
  // esbuild is a dev dependency (package.json): without it (--omit=dev), no bundle, and the
  // built code imports these packages from node_modules as it would anyway (only slower).
  for (const spec of existsSync(join(ROOT, 'node_modules', 'esbuild')) ? VENDORED : []) {
    const { pkg, file } = vendorPath(spec);
    const src = join(ROOT, 'node_modules', pkg, 'package.json');
    if (existsSync(src))
      files.push({ src, out: join(DIST, 'node_modules', pkg, file), vendor: spec });
  }
  return files;
}

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return NaN;
  }
};

/**
 * The files whose output is missing or does not carry its source's mtime (within half a
 * millisecond: the copy goes through a float of seconds), newer or older: a source put back
 * to an older version counts too.
 */
export function staleFiles(files = plan()) {
  return files.filter((f) => !(Math.abs(mtime(f.out) - mtime(f.src)) < 0.5));
}

let ts;
/** TypeScript and the emit options of tsconfig.build.json, loaded only when there is work. */
function compiler() {
  if (!ts) {
    ts = createRequire(import.meta.url)('typescript');
    const { config, error } = ts.readConfigFile(CONFIG, ts.sys.readFile);
    if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    // A file transpiled alone cannot see package.json's "type": "module", which NodeNext
    // needs to pick ES modules: ESNext says it (the output is the same).
    ts.buildOptions = { ...options, module: ts.ModuleKind.ESNext };
  }
  return ts;
}

/** One ES module with all of a package's modules and those it imports. */
function bundle(name, outfile) {
  const require = createRequire(import.meta.url);
  require('esbuild').buildSync({
    entryPoints: [fileURLToPath(import.meta.resolve(name))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
}

function emit(files) {
  for (const f of files) {
    const st = statSync(f.src);
    mkdirSync(dirname(f.out), { recursive: true });
    const tmp = `${f.out}.${process.pid}.tmp`;
    if (f.vendor) {
      bundle(f.vendor, tmp);
      writeFileSync(join(dirname(f.out), 'package.json'), vendorManifest(vendorPath(f.vendor).pkg));
    } else if (f.ts) {
      const t = compiler();
      const { outputText } = t.transpileModule(readFileSync(f.src, 'utf8'), {
        compilerOptions: t.buildOptions,
        fileName: f.src,
      });
      writeFileSync(tmp, outputText);
    } else {
      copyFileSync(f.src, tmp);
    }
    // Replaced in one step, so that a CLI starting meanwhile reads the old or the new file.
    renameSync(tmp, f.out);
    utimesSync(f.out, st.atimeMs / 1000, st.mtimeMs / 1000);
  }
}

/** Removes outputs whose source is gone (a renamed or deleted module). */
function prune(files) {
  const wanted = new Set(files.map((f) => f.out));
  for (const f of files) if (f.vendor) wanted.add(join(dirname(f.out), 'package.json'));
  let removed = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, d.name);
      if (d.isDirectory()) {
        if (path !== LOCK) walk(path);
      } else if (!wanted.has(path)) {
        rmSync(path);
        removed++;
      }
    }
  };
  walk(DIST);
  return removed;
}

/** Brings dist/ up to date; returns how many files were written and removed. */
export async function build({ force = false, prune: doPrune = true } = {}) {
  mkdirSync(DIST, { recursive: true });
  return withLock(LOCK, () => {
    const files = plan();
    const todo = force ? files : staleFiles(files);
    emit(todo);
    return { built: todo.length, removed: doPrune ? prune(files) : 0, total: files.length };
  });
}

/**
 * What bin/chokepoint.js calls before it imports dist/: a fast no-op when dist/ is up to
 * date; otherwise the changed files are rebuilt (with a note on stderr), so that a developer
 * who edited src/ runs what they wrote. CHOKEPOINT_NO_BUILD_CHECK=1 skips the check (the
 * test run sets it after building once, so that every spawned CLI runs the same code).
 */
export async function ensureBuilt() {
  if (process.env.CHOKEPOINT_NO_BUILD_CHECK === '1' && existsSync(join(DIST, 'cli', 'run.js')))
    return;
  if (staleFiles().length === 0) return;
  const started = Date.now();
  try {
    const { built } = await build({ prune: false });
    if (built > 0)
      process.stderr.write(
        `chokepoint: rebuilt ${built} changed file(s) of src/ into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
  } catch (e) {
    // Without TypeScript (an install without dev dependencies) an existing build still runs.
    if (e.code !== 'MODULE_NOT_FOUND' || !existsSync(join(DIST, 'cli', 'run.js'))) throw e;
    process.stderr.write(
      'chokepoint: dist/ is older than src/ and TypeScript is not installed to rebuild it: running dist/ as it is\n',
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const { built, removed, total } = await build({ force: process.argv.includes('--force') });
  process.stderr.write(
    built + removed === 0
      ? `dist/ is up to date (${total} files)\n`
      : `built dist/: ${built} of ${total} file(s) written${removed ? `, ${removed} removed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
