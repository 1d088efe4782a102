// End-to-end harness: the real `chokepoint start` on a temp SQLite file, the real web build,
// Debian's chromium driven by playwright-core, and a small API client that reads the same
// figures the page shows. Nothing here stands in for our own server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from '../../src/reports/pdf.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'chokepoint.js');
export const CHROMIUM = DEFAULT_CHROMIUM_PATH;
export const SCREENSHOTS = join(ROOT, 'test-results');
export const DEMO_PASSWORD = 'e2e-demo-password-7';
export const DEMO_USER = 'demo';
export const ADMIN_USER = 'admin';

export interface Server {
  base: string;
  child: ChildProcess;
  dir: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Builds web/dist when stale, as `npm start`'s prestart does. */
export function buildWeb(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'build-web.js')], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  if (r.status !== 0) throw new Error(`bin/build-web.js failed:\n${r.stderr}\n${r.stdout}`);
}

/** `chokepoint start` on a temp SQLite file (or on `opts.db`), demo users' password fixed. */
export async function startServer(opts: { db?: string } = {}): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-e2e-'));
  const child = spawn(
    process.execPath,
    [BIN, 'start', '--port', '0', '--db', opts.db ?? join(dir, 'e2e.db')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHOKEPOINT_DEMO_PASSWORD: DEMO_PASSWORD },
    },
  );
  let stderr = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 60_000);
    const onData = (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  return {
    base,
    child,
    dir,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`,
    );
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 } });
}

/** Signs in through the login form, as a user does, and waits for the app's navigation. */
export async function signIn(
  page: Page,
  base: string,
  user = DEMO_USER,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(base);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
}

/** A cookie-session API client, as the browser is: the same numbers the page should show. */
export class ApiClient {
  private cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
    const set = res.headers.get('set-cookie') ?? '';
    this.cookie = /cp_session=[^;]+/.exec(set)?.[0] ?? '';
    this.csrf = String(body.csrf_token ?? '');
    return body;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async get<T = unknown>(path: string): Promise<T> {
    const r = await this.request<T>('GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

/** The API's own list of routes (OpenAPI paths), to tell "not built yet" from "broken". */
export async function apiPaths(base: string): Promise<Set<string>> {
  const res = await fetch(`${base}/openapi.json`);
  if (!res.ok) return new Set();
  const doc = (await res.json()) as { paths?: Record<string, unknown> };
  return new Set(Object.keys(doc.paths ?? {}).map((p) => p.replace(/\{(\w+)\}/g, ':$1')));
}
