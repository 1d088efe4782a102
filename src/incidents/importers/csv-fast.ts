import { ChokepointError } from '../../core/errors.ts';

export interface RawCsv {
  header: string[];
  /** Cells of each record, and the 1-based line where it starts. */
  rows: string[][];
  lines: Int32Array;
}

/**
 * A CSV reader for dataset-sized files (ACLED, GTD: hundreds of thousands of rows). It
 * scans the text once with indexOf jumps instead of csv-parse's per-character state
 * machine: a plain cell is one slice, a quoted one (RFC 4180: doubled quotes, line breaks
 * inside) is unescaped only when it holds a quote. Handles a BOM, CRLF and a first
 * `sep=;` line as spreadsheet programs write it; sniffs `,` `;` or tab otherwise.
 */
export function readCsvFast(text: string, file?: string): RawCsv {
  let header: string[] | null = null;
  const rows: string[][] = [];
  const starts: number[] = [];
  forEachCsvRow(text, file, (cells, line) => {
    if (header === null) header = cells.map((h) => h.trim());
    else {
      rows.push(cells);
      starts.push(line);
    }
  });
  if (header === null) {
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'the file is empty: a header line is needed', {
      file,
      line: 1,
    });
  }
  return { header, rows, lines: Int32Array.from(starts) };
}

/**
 * Streams the records of a CSV text (header first) to `onRow` with the line each starts
 * on, holding one record at a time: a million-row import never keeps a million cell arrays.
 */
export function forEachCsvRow(
  text: string,
  file: string | undefined,
  onRow: (cells: string[], line: number) => void,
): void {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let delimiter = '';
  const sep = /^sep=(.)\r?\n/.exec(text.slice(pos, pos + 8));
  if (sep) {
    delimiter = sep[1]!;
    pos += sep[0].length;
    line = 2;
  }
  if (!delimiter) {
    const nl = text.indexOf('\n', pos);
    const first = text.slice(pos, nl < 0 ? text.length : nl);
    const counts = [',', ';', '\t']
      .map((d) => [d, first.split(d).length] as const)
      .sort((a, b) => b[1] - a[1]);
    delimiter = counts[0]![1] > 1 ? counts[0]![0] : ',';
  }
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let cells: string[] = [];
  let rowStart = line;
  let lineEnd = -1;
  while (pos <= n) {
    if (pos === n) {
      if (cells.length) {
        onRow(cells, rowStart);
      }
      break;
    }
    const c = text.charCodeAt(pos);
    if (c === 34 /* " */) {
      let end = pos + 1;
      let hasQuote = false;
      for (;;) {
        const q = text.indexOf('"', end);
        if (q < 0)
          throw new ChokepointError('CP_IMPORT_BAD_FILE', 'a quoted cell is never closed', {
            file,
            line: rowStart,
            expected: 'a closing "',
          });
        if (text.charCodeAt(q + 1) === 34) {
          hasQuote = true;
          end = q + 2;
          continue;
        }
        end = q;
        break;
      }
      let cell = text.slice(pos + 1, end);
      for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) line++;
      if (hasQuote) cell = cell.replace(/""/g, '"');
      cells.push(cell);
      pos = end + 1;
    } else {
      // An unquoted cell ends at the next delimiter or the end of its line: two native
      // indexOf scans (the line end is found once per line) instead of a loop per character.
      if (lineEnd < pos) {
        lineEnd = text.indexOf('\n', pos);
        if (lineEnd < 0) lineEnd = n;
      }
      let end = text.indexOf(delimiter, pos);
      if (end < 0 || end > lineEnd) end = lineEnd;
      if (end > pos && text.charCodeAt(end - 1) === 13 && end === lineEnd) end--;
      cells.push(text.slice(pos, end));
      pos = end;
    }
    const next = text.charCodeAt(pos);
    if (next === d) {
      pos++;
      if (pos === n) cells.push('');
    } else if (next === 13 || next === 10 || pos >= n) {
      if (next === 13) pos++;
      if (text.charCodeAt(pos) === 10) pos++;
      if (!(cells.length === 1 && cells[0] === '')) {
        onRow(cells, rowStart);
      }
      cells = [];
      line++;
      rowStart = line;
      if (pos >= n) break;
    } else {
      throw new ChokepointError('CP_IMPORT_BAD_FILE', 'text after a closing quote', {
        file,
        line,
        expected: `${delimiter === '\t' ? 'tab' : delimiter} or end of line after "`,
      });
    }
  }
}
