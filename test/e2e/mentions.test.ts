// The mentions panel in chromium over a real `chokepoint start`: upload the example invoice,
// open it in the viewer, see its mentions marked in the page text, accept the buyer as
// evidence, and confirm the invoice's draft into a scored order.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCREENSHOTS,
  buildWeb,
  launchBrowser,
  newContext,
  startServer,
  type Server,
  signIn,
} from './harness.ts';

const INVOICE = fileURLToPath(new URL('../../examples/invoice-inv-2016-0144.txt', import.meta.url));
// Its id comes from its bytes (README says so too).
const DOC_ID = 'doc-a762c7b79eedf7ad935b56ce';

describe('mentions panel in chromium', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildWeb();
    server = await startServer();
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(page, server.base);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks the mentions, accepts one as evidence and confirms the draft order', async () => {
    await page.locator('[data-page=documents]').click();
    await page.getByTestId('document-files').setInputFiles([INVOICE]);
    await page.getByTestId('document-send').click();
    await expect
      .poll(() => page.getByTestId('upload-row').first().getAttribute('data-state'), {
        timeout: 60_000,
      })
      .toBe('succeeded');

    await page.goto(`${server.base}/#/documents?id=${DOC_ID}`);
    await page.getByTestId('mentions').waitFor({ timeout: 60_000 });
    const marks = page.getByTestId('page-text').locator('mark');
    await expect.poll(() => marks.count()).toBeGreaterThan(10);
    expect(await page.getByTestId('page-text').locator('mark[data-field=iban]').textContent()).toBe(
      'TR33 0006 1005 1978 6457 8413 26',
    );

    const buyer = page
      .getByTestId('mention')
      .filter({ hasText: 'Akçakale İletişim Ltd. Şti.' })
      .first();
    await buyer.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => buyer.getAttribute('data-state')).toBe('accepted');
    const phone = page.getByTestId('mention').and(page.locator('[data-kind=phone]'));
    await phone.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => phone.getAttribute('data-state')).toBe('rejected');
    await expect
      .poll(() => page.getByTestId('page-text').locator('mark[data-field=phone]').count())
      .toBe(0);

    const draft = page.getByTestId('draft-order');
    await draft.getByLabel("buyer's business").fill('mobile phone shop');
    await draft.getByRole('button', { name: 'Confirm as order' }).click();
    await expect
      .poll(() => page.getByTestId('draft-result').textContent())
      .toMatch(/^order INV-2016-0144: likelihood 1 \(\d+ flag\(s\)\)$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'mentions-01-viewer.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('imports a ledger of its own layout through a mapping, from the imports page', async () => {
    const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
    await page.locator('[data-page=imports]').click();
    const panel = page.getByTestId('mapped-import');
    await panel.getByTestId('mapped-mapping').setInputFiles(join(examples, 'supplier-ledger.yml'));
    await panel.getByTestId('mapped-file').setInputFiles(join(examples, 'supplier-ledger.csv'));
    await panel.getByTestId('mapped-send').click();
    await expect
      .poll(() =>
        panel
          .getByTestId('mapped-result')
          .textContent()
          .catch(() => ''),
      )
      .toBe('Imported 3 entities, 2 orders and 0 incidents from 2 rows of supplier-ledger.csv.');
    expect(pageErrors).toEqual([]);
  });
});
