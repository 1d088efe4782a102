import { existsSync } from 'node:fs';
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
 * Prints a standalone HTML report to PDF (A4) in chromium. Every request the page would
 * make is refused: the report must hold everything it shows, and a request would be a
 * leak of what the investigator is looking at.
 */
export async function htmlToPdf(
  html: string,
  opts: { browser?: Browser; chromium?: string } = {},
): Promise<Buffer> {
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
