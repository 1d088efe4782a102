import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from '../src/core/random.ts';
import {
  addTextDocument,
  refreshDocumentIndex,
  OCR_LANGUAGES,
  searchDocuments,
} from '../src/app/documents.ts';
import { launchChromium } from '../src/reports/pdf.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { scannedImage, textPdf } from '../test/documents.ts';
import { report, scaled, time, withBenchPostgres } from './harness.ts';

/**
 * Documents (issue 21), three figures, each against a named peer in the same run:
 *
 * - text PDF: `chokepoint import documents FILE.pdf` (spawned, a fresh database, set-up
 *   included) against `pdftotext FILE.pdf -` on the same file, pages per second;
 * - OCR: `chokepoint import documents` on photographed pages against `tesseract IMG stdout
 *   -l eng+ara+tur+fra` (the languages ingest uses) on the same images, one after another;
 * - search: `searchDocuments` (what the CLI, the API and the web ask) on 100 000 pages stored
 *   through the app layer, median latency of a few queries, against `grep -c -i` of the same
 *   words over the same text in one file (the brute-force peer, no index).
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/chokepoint.js');

/** Wall time of a command; `okCodes` the exit codes that are no failure (grep: 1, no match). */
function spawnMs(cmd: string, args: string[], okCodes = [0]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const DOMAIN_WORDS = (
  'shipment consignee invoice payment order transfer seller buyer goods tonnes aluminium ' +
  'paste detonator cord fuse lot serial quantity value currency route border crossing ' +
  'warehouse depot broker exchange office customs declaration port truck Gaziantep Mersin ' +
  'Akçakale Şanlıurfa Raqqa Deir ez-Zor Hasakah Istanbul Erbil Mosul'
).split(' ');
const COMMON = 'the of and to in a is was for that on with by as at from this be'.split(' ');
const SYLLABLES = 'ka ri to men sa lu de vi no ra tes ol un ba zi her mo pa ti ge'.split(' ');

/**
 * A vocabulary of 20 000 words drawn by Zipf's law (the frequency of the word of rank r
 * goes as 1/r, as in running text): function words first, the trade's words among the
 * few hundred next, then made-up words. A page is 120 draws.
 */
const VOCABULARY = (() => {
  const words = [...COMMON];
  for (let i = 0; words.length < 20_000; i++) {
    if (i % 8 === 3 && DOMAIN_WORDS.length) words.push(DOMAIN_WORDS.shift()!);
    let n = i;
    let w = '';
    do {
      w += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    words.push(`${w}x`);
  }
  return words;
})();
const CUMULATIVE = (() => {
  let sum = 0;
  return VOCABULARY.map((_, r) => (sum += 1 / (r + 1)));
})();

function zipfWord(u: number): string {
  const target = u * CUMULATIVE.at(-1)!;
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CUMULATIVE[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}

/** A page of running text, deterministic in `seed`. */
export function pageText(seed: number, words = 120): string {
  const next = rng(seed + 1);
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(zipfWord(next()));
  // One page in ten thousand names a rare party: the selective query.
  if (seed % 10_000 === 7) out.push('Karahan');
  return out.join(' ');
}

async function textPdfBench(dir: string): Promise<void> {
  const pages = scaled(300);
  const browser = await launchChromium();
  const pdf = join(dir, 'report.pdf');
  try {
    const texts = Array.from({ length: pages }, (_, i) => pageText(i, 250));
    writeFileSync(pdf, await textPdf(browser, texts));
  } finally {
    await browser.close();
  }
  spawnMs(process.execPath, [join(ROOT, 'bin/build.js')]);
  const ours = spawnMs(process.execPath, [
    BIN,
    'import',
    'documents',
    pdf,
    '--db',
    join(dir, 'pdf.db'),
  ]);
  const peer = spawnMs('pdftotext', ['-enc', 'UTF-8', pdf, join(dir, 'report.txt')]);
  report({
    bench: 'documents.pdf',
    size: `${pages} pages`,
    ours: 'chokepoint import documents',
    ours_ms: ours,
    peer: 'pdftotext',
    peer_ms: peer,
    db: 'sqlite',
    note: `${((pages * 1000) / ours).toFixed(0)} vs ${((pages * 1000) / peer).toFixed(0)} pages/s`,
  });
}

async function ocrBench(dir: string): Promise<void> {
  const n = scaled(6);
  const browser = await launchChromium();
  const images: string[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const file = join(dir, `scan-${i}.png`);
      const lines = [0, 1, 2, 3, 4].map((j) => pageText(i * 10 + j, 7));
      writeFileSync(file, await scannedImage(browser, lines, { degrees: (i % 5) - 2 }));
      images.push(file);
    }
  } finally {
    await browser.close();
  }
  const ours = spawnMs(process.execPath, [
    BIN,
    'import',
    'documents',
    ...images,
    '--db',
    join(dir, 'ocr.db'),
  ]);
  let peer = 0;
  for (const img of images) peer += spawnMs('tesseract', [img, 'stdout', '-l', OCR_LANGUAGES]);
  report({
    bench: 'documents.ocr',
    size: `${n} images`,
    ours: 'chokepoint import documents',
    ours_ms: ours,
    peer: `tesseract -l ${OCR_LANGUAGES}`,
    peer_ms: peer,
    db: 'sqlite',
    note: `${((n * 1000) / ours).toFixed(2)} vs ${((n * 1000) / peer).toFixed(2)} pages/s`,
  });
}

/** A rare name, place names in three spellings, a phrase of trade words, and the worst
 * case: a word on nearly every page. */
const QUERIES = ['karahan', 'Şanlıurfa detonator', 'SANLIURFA', 'aluminium paste', 'the'];

/** 100 000 pages stored through the app layer, then the queries timed; grep is the peer. */
async function searchBench(store: Store, dir: string, db: string): Promise<void> {
  const docs = scaled(1000);
  const perDoc = 100;
  const fill = await time(async () => {
    for (let d = 0; d < docs; d++) {
      const pages = Array.from({ length: perDoc }, (_, p) => pageText(d * perDoc + p));
      await addTextDocument(
        store,
        'default',
        {
          title: `Report ${d}`,
          file_name: `report-${d}.txt`,
          pages,
        },
        join(dir, `files-${db}`),
      );
    }
  });
  // What an ingest job does at its end (the bench writes its pages without one).
  await refreshDocumentIndex(store);
  const total = docs * perDoc;
  const dump = join(dir, 'pages.txt');
  if (!existsSync(dump))
    writeFileSync(dump, Array.from({ length: total }, (_, i) => pageText(i)).join('\n'));
  for (const q of QUERIES) {
    const ours = await time(() => searchDocuments(store, ['default'], q, { limit: 20 }), 11);
    const hits = (await searchDocuments(store, ['default'], q, { limit: 20 })).length;
    const words = q.split(' ');
    // grep finds lines holding the first word; it folds no accents, so it is given the
    // word as the page writes it: the least work a brute-force search can do.
    const peer = await time(() => spawnMs('grep', ['-c', '-i', words[0]!, dump], [0, 1]), 3);
    report({
      bench: 'documents.search',
      size: `${total} pages, "${q}"`,
      ours: 'searchDocuments',
      ours_ms: ours,
      peer: 'grep -c -i (one word, no index)',
      peer_ms: peer,
      db,
      note: `${hits} hit(s) shown; pages stored in ${(fill / 1000).toFixed(0)} s`,
    });
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-bench-documents-'));
  try {
    await textPdfBench(dir);
    await ocrBench(dir);
    const store = await openStore({ url: join(dir, 'search.db') });
    try {
      await searchBench(store, dir, 'sqlite');
    } finally {
      await store.close();
    }
    await withBenchPostgres('documents', async (url) => {
      const pg = await openStore({ url });
      try {
        await searchBench(pg, dir, 'postgres');
      } finally {
        await pg.close();
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
