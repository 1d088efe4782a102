import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ChokepointError } from '../core/errors.ts';

/**
 * Debian's chromium; playwright never downloads a browser of its own here. A front end
 * (CLI, server) that lets the user name another one passes it as `chromium`: this module
 * reads no environment.
 */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, and quiet on the network: no update, sync or background requests. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(
  executablePath: string = DEFAULT_CHROMIUM_PATH,
): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new ChokepointError('CP_INTERNAL', `no chromium at ${executablePath} to print the PDF`, {
      expected: "Debian's chromium (apt-get install chromium) or CHOKEPOINT_CHROMIUM=<path>",
    });
  }
  // Loaded here, for a PDF only: playwright-core costs ~0.6 s of CPU to import.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * One chromium for every PDF a process prints, started without playwright (whose import
 * would hold the event loop ~0.6 s): chromium listens for the DevTools protocol on a port
 * it picks, and says which on stderr. Printers connect to it (`connectChromium`); `close`
 * ends it and removes its profile.
 */
export interface ChromiumServer {
  endpoint: string;
  close(): void;
}

/** The nice value of the pool's chromium, as a job thread's (src/jobs/thread.ts). */
const CHROMIUM_NICE = 10;

/**
 * A command line that runs chromium below the server's event loop: at nice 10 (every thread
 * it makes inherits it), and, when we run as root, without the capability to raise its
 * threads' priority again: as root it set its display threads to nice -8, above the loop,
 * and eight bulletins stalled health checks (issue 18, item 2). Unchanged where `nice` or
 * `setpriv` (coreutils, util-linux) are missing.
 */
function belowTheServer(command: string[]): string[] {
  const nice = existsSync('/usr/bin/nice') ? ['/usr/bin/nice', '-n', String(CHROMIUM_NICE)] : [];
  const drop =
    process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')
      ? ['/usr/bin/setpriv', '--inh-caps=-sys_nice', '--bounding-set=-sys_nice', '--']
      : [];
  return [...drop, ...nice, ...command];
}

export function startChromiumServer(
  executablePath: string = DEFAULT_CHROMIUM_PATH,
): Promise<ChromiumServer> {
  if (!existsSync(executablePath))
    return Promise.reject(
      new ChokepointError('CP_INTERNAL', `no chromium at ${executablePath} to print the PDF`, {
        expected: "Debian's chromium (apt-get install chromium) or CHOKEPOINT_CHROMIUM=<path>",
      }),
    );
  const profile = mkdtempSync(join(tmpdir(), 'chokepoint-chromium-'));
  const [command, ...args] = belowTheServer([
    executablePath,
    ...CHROMIUM_ARGS,
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    'about:blank',
  ]);
  const child: ChildProcess = spawn(command!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  // The profile goes once chromium has exited (it writes there until then). Its helper
  // processes can outlive a killed browser by a moment and still write there: retried, and
  // a profile that will not go is left in the temp directory rather than crash the server.
  // (Asynchronous: rmSync's retries would sleep the event loop.)
  child.once('exit', () => {
    rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(
      () => undefined, // left behind: the system's temp cleaning takes it
    );
  });
  const close = () => {
    child.kill('SIGKILL');
  };
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error('chromium did not start within 30 s')), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      close();
      reject(new ChokepointError('CP_INTERNAL', `cannot start chromium: ${e.message}`));
    };
    child.on('error', fail);
    const onExit = (code: number | null) => fail(new Error(`chromium exited (${code})`));
    child.on('exit', onExit);
    child.unref();
    child.stderr!.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stderr!.removeAllListeners('data');
      child.stderr!.resume();
      resolve({ endpoint: m[1]!, close });
    });
  });
}

/** A browser over a running chromium (see `startChromiumServer`). */
export async function connectChromium(endpoint: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.connectOverCDP(endpoint);
}

/**
 * Where a process's PDFs are printed when it shares one chromium: set once by whoever runs
 * many of them (the job threads, see src/jobs/thread.ts); unset, each PDF launches its own.
 */
let sharedBrowser: (() => Promise<Browser>) | undefined;
/** Pages printing at once through the shared browser; the others wait their turn. */
export const PDF_PAGES = 4;
let pagesInUse = 0;
const waiting: (() => void)[] = [];

export function shareBrowser(get: () => Promise<Browser>): void {
  let browser: Promise<Browser> | undefined;
  sharedBrowser = () => (browser ??= get());
}

async function withPage<T>(run: () => Promise<T>): Promise<T> {
  if (pagesInUse >= PDF_PAGES) await new Promise<void>((r) => waiting.push(r));
  pagesInUse++;
  try {
    return await run();
  } finally {
    pagesInUse--;
    waiting.shift()?.();
  }
}

/**
 * Prints a standalone HTML report to PDF (A4) in chromium. Every request the page would
 * make is refused: the report must hold everything it shows, and a request would be a
 * leak of what the investigator is looking at.
 */
export async function htmlToPdf(
  html: string,
  opts: { browser?: Browser; chromium?: string } = {},
): Promise<Buffer> {
  if (!opts.browser && sharedBrowser) {
    const browser = await sharedBrowser();
    return withPage(() => htmlToPdf(html, { browser }));
  }
  const browser = opts.browser ?? (await launchChromium(opts.chromium));
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          '<div style="font-size:7pt;color:#5b6474;width:100%;text-align:center;font-family:sans-serif">Chokepoint · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
      });
      return pdf;
    } finally {
      await context.close();
    }
  } finally {
    if (!opts.browser) await browser.close();
  }
}
