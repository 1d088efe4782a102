import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from '../src/reports/pdf.ts';
import { ensureCase, openStore } from '../src/store/connect.ts';
import { loadIncidents } from '../src/store/incidents.ts';
import { createUser, grantRole } from '../src/store/users.ts';
import { listWorld } from './api.bench.ts';
import { report, scaled } from './harness.ts';

/**
 * The web app's first screen with a million incidents in the store (issue 22, item 8:
 * under 1 s): the incidents go into a SQLite file through the store's bulk import path
 * (`loadIncidents`, as `chokepoint import acled` does), `chokepoint start` serves it, and
 * Debian's chromium opens the dashboard in a fresh context (nothing cached) as a signed-in
 * analyst, timed until the week's totals, the per-province comparison and the latest
 * incidents are drawn. The peer is the same first screen over the demo world (a week of
 * incidents): the ratio says what the million costs.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USER = 'bench-analyst';
const PASSWORD = 'bench-password-1';
const RUNS = 5;

async function serve(db: string, demo: boolean): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/chokepoint.js'),
      'start',
      '--db',
      db,
      '--port',
      '0',
      ...(demo ? [] : ['--no-demo']),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHOKEPOINT_DEMO_PASSWORD: PASSWORD },
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 300_000);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { url, child };
}

/**
 * Times to the dashboard's first screen, each in a fresh browser context (nothing cached
 * in the browser), signed in as `user`, `runs` times in a row.
 */
async function firstScreen(
  browser: Browser,
  url: string,
  user: string,
  runs = RUNS,
): Promise<number[]> {
  const login = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await login.newPage();
  await page.goto(url);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  const cookies = await login.cookies();
  await login.close();
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const cold = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await cold.addCookies(cookies);
    const p = await cold.newPage();
    const t0 = performance.now();
    await p.goto(`${url}/#/dashboard`);
    await p.locator('[data-testid=stat-attacks] .stat-value').waitFor({ timeout: 60_000 });
    await p.locator('[data-testid=province-table]').waitFor({ timeout: 60_000 });
    await p.locator('[data-testid=latest-incidents]').waitFor({ timeout: 60_000 });
    times.push(performance.now() - t0);
    await cold.close();
  }
  return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const n = scaled(1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-firstscreen-'));
  const big = join(dir, 'million.db');
  const children: ChildProcess[] = [];
  let browser: Browser | undefined;
  try {
    const store = await openStore({ url: big });
    await ensureCase(store.db, 'million', 'A million incidents');
    const t0 = performance.now();
    await loadIncidents(store, 'million', listWorld(n));
    const loadMs = performance.now() - t0;
    const user = await createUser(store.db, { username: USER, password: PASSWORD });
    await grantRole(store.db, user.id, 'million', 'analyst');
    await store.close();

    const ours = await serve(big, false);
    children.push(ours.child);
    const peer = await serve(join(dir, 'demo.db'), true);
    children.push(peer.child);
    browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM_PATH, args: CHROMIUM_ARGS });
    // The first visit finds the server's caches empty (the roll-ups are read from the
    // store); the next ones are what an analyst opening the app after a colleague sees.
    const [oursFirst] = await firstScreen(browser, ours.url, USER, 1);
    const oursMs = median(await firstScreen(browser, ours.url, USER));
    const [peerFirst] = await firstScreen(browser, peer.url, 'demo', 1);
    const peerMs = median(await firstScreen(browser, peer.url, 'demo'));
    report({
      bench: 'web first screen (dashboard)',
      db: 'sqlite',
      size: `${n.toLocaleString('en-GB')} incidents`,
      ours: `dashboard drawn, cold browser context, median of ${RUNS}`,
      ours_ms: oursMs,
      peer: 'the same screen over the demo world',
      peer_ms: peerMs,
      note: `first visit on a fresh server ${Math.round(oursFirst!)} ms (demo ${Math.round(peerFirst!)} ms); bulk load ${(loadMs / 1000).toFixed(1)} s; goal under 1 s`,
    });
  } finally {
    await browser?.close();
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
