import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { ChokepointError } from '../core/errors.ts';

/**
 * Reads an Office Open XML workbook (.xlsx, ECMA-376 Part 1, §18): its sheets in order,
 * each a grid of cell texts. Shared by document ingest (a sheet is a page) and the mapped
 * spreadsheet import. Values are as the cell holds them: shared and inline strings, numbers
 * as written (a date stays its serial number; the sheet's formats are not applied),
 * booleans as TRUE/FALSE, formula cells as their cached result. Only the workbook's parts
 * are inflated, and no more than `maxCells` cells are read.
 */
export interface Sheet {
  name: string;
  rows: string[][];
}

export interface SpreadsheetOptions {
  file?: string;
  maxCells?: number;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (name) => ['sheet', 'row', 'c', 'si', 'r', 'Relationship'].includes(name),
});

type Node = Record<string, unknown>;

function bad(file: string | undefined, message: string): ChokepointError {
  return new ChokepointError('CP_IMPORT_BAD_FILE', message, {
    file,
    expected: 'an .xlsx workbook (Office Open XML)',
  });
}

function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  const n = v as Node;
  if ('#text' in n) return String(n['#text']);
  return '';
}

/** A shared string: plain `<t>`, or rich text runs `<r><t>`, joined. */
function sharedString(si: Node): string {
  if (si.t !== undefined) return textOf(si.t);
  return ((si.r as Node[] | undefined) ?? []).map((r) => textOf(r.t)).join('');
}

/** "BC12" → column index 54 (0-based). */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function cellText(c: Node, shared: string[]): string {
  const type = c['@t'];
  if (type === 'inlineStr') return sharedString((c.is as Node) ?? {});
  const v = textOf(c.v);
  if (type === 's') return shared[Number(v)] ?? '';
  if (type === 'b') return v === '1' ? 'TRUE' : 'FALSE';
  return v;
}

export function readSpreadsheet(bytes: Uint8Array, opts: SpreadsheetOptions = {}): Sheet[] {
  const maxCells = opts.maxCells ?? 5_000_000;
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (f) =>
        (f.name.startsWith('xl/') && f.name.endsWith('.xml')) || f.name.endsWith('.rels'),
    });
  } catch (e) {
    throw bad(opts.file, `not a readable ZIP archive: ${(e as Error).message}`);
  }
  const xml = (name: string): Node | undefined => {
    const p = parts[name];
    return p ? (parser.parse(new TextDecoder().decode(p)) as Node) : undefined;
  };
  const workbook = xml('xl/workbook.xml')?.workbook as Node | undefined;
  if (!workbook) throw bad(opts.file, 'no xl/workbook.xml: not an .xlsx workbook');
  const rels = ((xml('xl/_rels/workbook.xml.rels')?.Relationships as Node)?.Relationship ??
    []) as Node[];
  const target = new Map(rels.map((r) => [String(r['@Id']), String(r['@Target'])]));
  const shared = (((xml('xl/sharedStrings.xml')?.sst as Node)?.si ?? []) as Node[]).map(
    sharedString,
  );
  const sheets: Sheet[] = [];
  let cells = 0;
  for (const s of ((workbook.sheets as Node)?.sheet ?? []) as Node[]) {
    const t = target.get(String(s['@r:id'])) ?? '';
    const path = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
    const data = (xml(path)?.worksheet as Node)?.sheetData as Node | undefined;
    const rows: string[][] = [];
    for (const row of (data?.row ?? []) as Node[]) {
      const r = Number(row['@r'] ?? rows.length + 1) - 1;
      const out: string[] = [];
      for (const c of (row.c ?? []) as Node[]) {
        if (++cells > maxCells)
          throw new ChokepointError('CP_LIMIT_EXCEEDED', `more than ${maxCells} cells`, {
            file: opts.file,
          });
        const ref = String(c['@r'] ?? '');
        const col = ref ? columnIndex(ref) : out.length;
        while (out.length < col) out.push('');
        out[col] = cellText(c, shared);
      }
      while (rows.length < r) rows.push([]);
      rows[r] = out;
    }
    sheets.push({ name: String(s['@name'] ?? `Sheet${sheets.length + 1}`), rows });
  }
  return sheets;
}
