// Documents the tests and the bench make themselves (issue 21): a text PDF printed by
// chromium, "scanned" pages (an image of text, turned a few degrees, with noise) in English
// and Arabic, an e-mail with the PDF attached, a DOCX and an XLSX printed by LibreOffice.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/reports/pdf.ts';

const run = promisify(execFile);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A text PDF of these pages, printed by chromium (one page each). */
export async function textPdf(browser: Browser, pages: string[]): Promise<Buffer> {
  const html = `<!doctype html><meta charset="utf-8"><style>
    body{font-family:serif;font-size:14pt} section{page-break-after:always}
  </style>${pages
    .map(
      (p) =>
        `<section>${p
          .split('\n')
          .map((l) => `<p>${esc(l)}</p>`)
          .join('')}</section>`,
    )
    .join('')}`;
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    return await page.pdf({ format: 'A4' });
  } finally {
    await page.close();
  }
}

/**
 * A photographed page: the text in a large type on paper, turned `degrees`, with grain
 * (SVG turbulence) laid over it, as a PNG.
 */
export async function scannedImage(
  browser: Browser,
  lines: string[],
  opts: { degrees?: number; rtl?: boolean; jpeg?: boolean } = {},
): Promise<Buffer> {
  const dir = opts.rtl ? 'rtl' : 'ltr';
  const html = `<!doctype html><meta charset="utf-8"><style>
    body{margin:0;background:#d8d4cc}
    .paper{margin:60px;padding:50px;background:#f4f1ea;width:1100px;transform:rotate(${opts.degrees ?? 3}deg);
      font-family:${opts.rtl ? "'DejaVu Sans',sans-serif" : 'serif'};font-size:34px;line-height:1.5;direction:${dir}}
    svg{position:fixed;inset:0;width:100%;height:100%;opacity:.22;pointer-events:none}
  </style><div class="paper">${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</div>
  <svg><filter id="n"><feTurbulence type="fractalNoise" baseFrequency="1.6" numOctaves="2" seed="7"/></filter><rect width="100%" height="100%" filter="url(#n)"/></svg>`;
  const page = await browser.newPage({ viewport: { width: 1320, height: 900 } });
  try {
    await page.setContent(html);
    return await page.screenshot(
      opts.jpeg ? { fullPage: true, type: 'jpeg', quality: 70 } : { fullPage: true },
    );
  } finally {
    await page.close();
  }
}

/** An RFC 5322 message with a text body and one attachment (base64). */
export function emailWithAttachment(attachment: { name: string; mime: string; bytes: Buffer }) {
  const b64 = attachment.bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: Broker <broker@example.org>',
      'To: Buyer <buyer@example.net>',
      'Subject: Proforma for the paste order',
      'Date: Tue, 12 Mar 2019 09:14:00 +0300',
      'Message-ID: <proforma-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please find the proforma attached; payment through the exchange office in Gaziantep.',
      '--b1',
      `Content-Type: ${attachment.mime}; name="${attachment.name}"`,
      `Content-Disposition: attachment; filename="${attachment.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

/** LibreOffice converts a file it can read (HTML, CSV) to `format` (docx, xlsx) in `dir`. */
export async function convertWithSoffice(file: string, format: string, dir: string) {
  const profile = join(dir, '.lo-profile');
  mkdirSync(profile, { recursive: true });
  const filter =
    format === 'docx'
      ? 'docx:MS Word 2007 XML'
      : format === 'xlsx'
        ? 'xlsx:Calc MS Excel 2007 XML'
        : format;
  const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', filter];
  // CSV opened in Calc needs the import filter named, or Writer takes it as text.
  if (file.endsWith('.csv')) args.push('--infilter=CSV:44,34,76');
  await run('soffice', [...args, '--outdir', dir, file], { timeout: 120_000 });
  const out = join(
    dir,
    file
      .split('/')
      .pop()!
      .replace(/\.[^.]+$/, `.${format}`),
  );
  return readFileSync(out);
}

/** Writes the issue's set of files into `dir`; returns their paths. */
export async function makeDocumentSet(dir: string, browser?: Browser) {
  mkdirSync(dir, { recursive: true });
  const b = browser ?? (await launchChromium());
  try {
    const pdf = await textPdf(b, [
      'Commercial invoice 44/2019\nSeller: Anadolu Kimya, Istanbul\nGoods: aluminium paste, 6 tonnes',
      'Consignee: Akçakale Telefon, Şanlıurfa\nPayment by a third party through a money transfer office',
    ]);
    const scanEn = await scannedImage(b, [
      'Field notebook, page 7',
      'Received the quartermaster consignment',
      'at the bakery warehouse near Tal Abyad',
    ]);
    const scanAr = await scannedImage(
      b,
      ['دفتر ميداني', 'استلمنا الشحنة في مستودع المخبز', 'قرب تل أبيض'],
      {
        rtl: true,
        degrees: -2,
      },
    );
    const files = {
      pdf: join(dir, 'invoice.pdf'),
      scanEn: join(dir, 'notebook-en.png'),
      scanAr: join(dir, 'notebook-ar.png'),
      eml: join(dir, 'proforma.eml'),
      docx: join(dir, 'end-user-certificate.docx'),
      xlsx: join(dir, 'packing-list.xlsx'),
    };
    writeFileSync(files.pdf, pdf);
    writeFileSync(files.scanEn, scanEn);
    writeFileSync(files.scanAr, scanAr);
    writeFileSync(
      files.eml,
      emailWithAttachment({ name: 'invoice.pdf', mime: 'application/pdf', bytes: pdf }),
    );
    const html = join(dir, 'end-user-certificate.html');
    writeFileSync(
      html,
      '<!doctype html><meta charset="utf-8"><h1>End-user certificate</h1><p>The end user undertakes not to re-export the detonators.</p>',
    );
    await convertWithSoffice(html, 'docx', dir);
    const csv = join(dir, 'packing-list.csv');
    writeFileSync(csv, 'item,quantity,lot\nDetonator cord,400,LOT-7781\nFuse,120,LOT-7782\n');
    await convertWithSoffice(csv, 'xlsx', dir);
    return files;
  } finally {
    if (!browser) await b.close();
  }
}
