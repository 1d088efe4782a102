import { parse } from 'csv-parse/sync';
import { ChokepointError } from './errors.ts';

export interface CsvRecord {
  /** 1-based line in the file where the record starts (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface ReadCsvOptions {
  file?: string;
  delimiter?: string;
  /** Columns that must be in the header. */
  required?: readonly string[];
  /** Trim cells and lower-case header names (the default). */
  normaliseHeader?: boolean;
}

/**
 * Parses a CSV text with a header into records that know their line numbers, so that a
 * refused row can be named exactly. Handles a UTF-8 BOM, CRLF, quoted multi-line cells and
 * a first `sep=;` line as spreadsheet programs write it.
 */
export function readCsv(
  text: string,
  opts: ReadCsvOptions = {},
): { header: string[]; records: CsvRecord[] } {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let delimiter = opts.delimiter;
  let lineOffset = 0;
  const sepLine = /^sep=(.)\r?\n/.exec(body);
  if (sepLine) {
    delimiter = sepLine[1];
    body = body.slice(sepLine[0].length);
    lineOffset = 1;
  }
  if (!delimiter) delimiter = sniffDelimiter(body);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new ChokepointError('CP_IMPORT_BAD_FILE', `cannot parse CSV: ${err.message}`, {
      file: opts.file,
      line: err.lines !== undefined ? err.lines + lineOffset : undefined,
    });
  }
  if (rows.length === 0) {
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'the file is empty: a header line is needed', {
      file: opts.file,
      line: 1,
    });
  }
  const norm = opts.normaliseHeader ?? true;
  const header = rows[0]!.record.map((h) => (norm ? h.trim().toLowerCase() : h));
  const headerLine = rows[0]!.info.lines + lineOffset;
  for (const col of opts.required ?? []) {
    if (!header.includes(col)) {
      throw new ChokepointError('CP_IMPORT_BAD_HEADER', `missing column "${col}"`, {
        file: opts.file,
        line: headerLine,
        field: col,
        expected: `a header with ${opts.required!.join(', ')}`,
      });
    }
  }
  const records: CsvRecord[] = [];
  // csv-parse reports the line where a record ends; the start is the previous record's end + 1.
  let previousEnd = headerLine;
  for (let i = 1; i < rows.length; i++) {
    const { record, info } = rows[i]!;
    const end = info.lines + lineOffset;
    const line = previousEnd + 1;
    previousEnd = end;
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `row has ${record.length} cells but the header has ${header.length}`,
        {
          file: opts.file,
          line,
          expected: `${header.length} cells`,
        },
      );
    }
    const values: Record<string, string> = {};
    header.forEach((h, j) => {
      values[h] = (record[j] ?? '').trim();
    });
    records.push({ line, values });
  }
  return { header, records };
}

function sniffDelimiter(text: string): string {
  const first = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  const counts = [',', ';', '\t', '|'].map((d) => [d, first.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 1 ? counts[0]![0] : ',';
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with a
 * quote so that exported untrusted text stays text. Plain negative numbers stay numbers.
 */
export function neutraliseFormula(cell: string): string {
  if (/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)) return `'${cell}`;
  return cell;
}

function quoteCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export type CsvCell = string | number | boolean | null | undefined;

/** Writes rows as CSV with a header, neutralising formulas in every text cell. */
export function writeCsv(
  columns: readonly string[],
  rows: Iterable<Record<string, CsvCell>>,
): string {
  const out: string[] = [columns.join(',')];
  for (const row of rows) {
    out.push(columns.map((c) => csvCell(row[c])).join(','));
  }
  return out.join('\n') + '\n';
}

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return quoteCell(neutraliseFormula(v));
}
