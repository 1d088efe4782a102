import { convert } from 'html-to-text';
import type { Sheet } from './spreadsheet.ts';

/**
 * Text into pages. A file that marks its pages (a form feed, as pdftotext writes between
 * pages) keeps them; other text is cut into pages of about a printed page's length, at a
 * line break, so that a hit in a long e-mail or text file still names where it is.
 */
export const LINES_PER_PAGE = 60;
export const CHARS_PER_PAGE = 4000;

export function splitPages(text: string): string[] {
  const marked = text.split('\f');
  if (marked.length > 1) {
    // pdftotext ends the last page with a form feed too: the empty tail is not a page.
    if (marked.at(-1)!.trim() === '') marked.pop();
    return marked;
  }
  const pages: string[] = [];
  let lines: string[] = [];
  let chars = 0;
  for (const line of text.split(/\r?\n/)) {
    if (
      lines.length > 0 &&
      (lines.length >= LINES_PER_PAGE || chars + line.length > CHARS_PER_PAGE)
    ) {
      pages.push(lines.join('\n'));
      lines = [];
      chars = 0;
    }
    lines.push(line);
    chars += line.length + 1;
  }
  if (lines.length > 0 || pages.length === 0) pages.push(lines.join('\n'));
  return pages;
}

/** The readable text of an HTML page: no scripts or styles, links as their words. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
    ],
  });
}

/** The title an HTML page gives itself, if any. */
export function htmlTitle(html: string): string | null {
  const m = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(html);
  return m ? htmlToText(m[1]!).trim() || null : null;
}

/** A sheet as one page of text: a line a row, cells apart by tabs, its name first. */
export function sheetText(sheet: Sheet): string {
  const rows = sheet.rows.map((r) => r.join('\t').replace(/\t+$/, '')).filter((l) => l !== '');
  return [sheet.name, ...rows].join('\n');
}
