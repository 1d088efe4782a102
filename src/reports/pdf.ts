import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ChokepointError } from '../core/errors.ts';

/** Debian's chromium; playwright never downloads a browser of its own here. */
export const CHROMIUM_PATH = process.env.CHOKEPOINT_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChokepointError('CP_INTERNAL', `no chromium at ${CHROMIUM_PATH} to print the PDF`, {
      expected: "Debian's chromium (apt-get install chromium) or CHOKEPOINT_CHROMIUM=<path>",
    });
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Prints a standalone HTML report to PDF (A4) in chromium. Every request the page would
 * make is refused: the report must hold everything it shows, and a request would be a
 * leak of what the investigator is looking at.
 */
export async function htmlToPdf(html: string, opts: { browser?: Browser } = {}): Promise<Buffer> {
  const browser = opts.browser ?? (await launchChromium());
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
