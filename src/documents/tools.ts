import { spawn } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ChokepointError } from '../core/errors.ts';
import { splitPages } from './text.ts';

/**
 * The programs that read what JavaScript reads badly: poppler (pdftotext, pdfinfo,
 * pdftoppm), tesseract for OCR, LibreOffice for Office files. Each runs as a child
 * process, asynchronously (never blocking the event loop), killed when the job's signal
 * aborts or its time runs out; a program that is missing is named with its package.
 */
const PACKAGE_OF: Record<string, string> = {
  pdftotext: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  tesseract: 'tesseract-ocr (and tesseract-ocr-ara, -tur, -fra)',
  soffice: 'libreoffice-writer-nogui (and libreoffice-calc-nogui)',
};

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: Record<string, string>;
}

export function runTool(cmd: string, args: string[], opts: RunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted)
      return reject(new ChokepointError('CP_CANCELLED', `${cmd}: cancelled`));
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
      signal: opts.signal,
      timeout: opts.timeoutMs ?? 300_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT')
        reject(
          new ChokepointError('CP_UNSUPPORTED', `${cmd} is not installed`, {
            expected: `Debian's ${PACKAGE_OF[cmd] ?? cmd}`,
          }),
        );
      else if (e.name === 'AbortError')
        reject(new ChokepointError('CP_CANCELLED', `${cmd}: cancelled`));
      else reject(new ChokepointError('CP_EXTRACT_FAILED', `${cmd}: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const why = sig ? `stopped by ${sig}` : `exit ${code}`;
      const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' / ');
      reject(
        new ChokepointError(
          'CP_EXTRACT_FAILED',
          `${cmd} failed (${why})${tail ? `: ${tail}` : ''}`,
        ),
      );
    });
  });
}

/** pdfinfo's fields (Title, Author, Pages, …). */
export async function pdfInfo(
  path: string,
  opts: RunOptions = {},
): Promise<Record<string, string>> {
  const text = (await runTool('pdfinfo', ['-enc', 'UTF-8', path], opts)).toString('utf8');
  const info: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z ]+):\s+(.*)$/.exec(line);
    if (m) info[m[1]!.trim()] = m[2]!.trim();
  }
  return info;
}

/** The text layer of each page of a PDF (pdftotext ends each page with a form feed). */
export async function pdfPageTexts(
  path: string,
  pages: number,
  opts: RunOptions = {},
): Promise<string[]> {
  const text = (await runTool('pdftotext', ['-enc', 'UTF-8', path, '-'], opts)).toString('utf8');
  const split = splitPages(text);
  while (split.length < pages) split.push('');
  return split.slice(0, Math.max(pages, 1));
}

/** One page of a PDF as a PNG at `dpi`, written to `out` (a path without extension). */
export async function renderPdfPage(
  path: string,
  page: number,
  dpi: number,
  out: string,
  opts: RunOptions = {},
): Promise<string> {
  await runTool(
    'pdftoppm',
    ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', path, out],
    opts,
  );
  return `${out}.png`;
}

/**
 * The text of an image by OCR. Tesseract's default segmentation finds the text blocks and
 * straightens a page turned a few degrees; `languages` is tesseract's "eng+ara+tur+fra".
 * A multi-page TIFF comes back with a form feed between pages.
 */
export async function ocrImage(
  path: string,
  languages: string,
  opts: RunOptions = {},
): Promise<string> {
  // One thread: the machine's cores go to the files, not to one page.
  const env = { OMP_THREAD_LIMIT: '1' };
  return (await runTool('tesseract', [path, 'stdout', '-l', languages], { ...opts, env })).toString(
    'utf8',
  );
}

/** An Office file printed to PDF by LibreOffice, in `dir` (with a profile of its own). */
export async function officeToPdf(
  path: string,
  dir: string,
  opts: RunOptions = {},
): Promise<string> {
  const profile = join(dir, 'lo-profile');
  const outDir = join(dir, 'out');
  await mkdir(outDir, { recursive: true });
  await runTool(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      outDir,
      path,
    ],
    { timeoutMs: 180_000, ...opts },
  );
  const pdf = (await readdir(outDir)).find((f) => f.endsWith('.pdf'));
  if (!pdf) throw new ChokepointError('CP_EXTRACT_FAILED', 'LibreOffice wrote no PDF');
  return join(outDir, pdf);
}
