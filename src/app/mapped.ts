/**
 * `import mapped` (issue 21, item 6): a CSV or XLSX file of any layout, turned by a mapping
 * file into entities, orders and incidents, all or nothing. The one use case the CLI and
 * the API call.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readCsv } from '../core/csv.ts';
import { decodeText } from '../core/encoding.ts';
import { ChokepointError } from '../core/errors.ts';
import {
  applyMapping,
  checkMapping,
  parseMapping,
  type Mapping,
  type Table,
} from '../documents/mapping.ts';
import { readSpreadsheet } from '../documents/spreadsheet.ts';
import type { Store } from '../store/connect.ts';
import { getCase } from '../store/cases.ts';
import { writeMapped } from '../store/mapped.ts';

export interface MappedImportInput {
  caseId: string;
  /** The mapping: its path, or its text with a name. */
  mapping: { path: string } | { text: string; name: string };
  /** The table: its path, or its bytes with a name (.csv or .xlsx). */
  file: { path: string } | { bytes: Uint8Array; name: string };
}

export interface MappedImportResult {
  kind: 'mapped';
  file: string;
  case_id: string;
  rows: number;
  entities: number;
  orders: number;
  incidents: number;
  warnings?: string[];
}

async function bytesOf(src: { path: string } | { bytes: Uint8Array; name: string }) {
  if ('bytes' in src) return { bytes: src.bytes, name: basename(src.name) };
  try {
    return { bytes: await readFile(src.path), name: basename(src.path) };
  } catch (e) {
    throw new ChokepointError(
      'CP_IMPORT_BAD_FILE',
      `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      {
        file: basename(src.path),
      },
    );
  }
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b;

/** A CSV (any encoding core/encoding.ts reads) or one sheet of a workbook, as a table with its lines. */
export function readTable(
  bytes: Uint8Array,
  name: string,
  m: Mapping,
): { table: Table; warnings: string[] } {
  if (isZip(bytes) || /\.xlsx$/i.test(name)) {
    const sheets = readSpreadsheet(bytes, { file: name });
    const sheet =
      typeof m.sheet === 'string'
        ? sheets.find((s) => s.name === m.sheet)
        : sheets[(m.sheet ?? 1) - 1];
    if (!sheet)
      throw new ChokepointError(
        'CP_IMPORT_BAD_FILE',
        `no sheet ${JSON.stringify(m.sheet ?? 1)} in the workbook`,
        {
          file: name,
          field: 'sheet',
          expected: `one of ${sheets.map((s) => s.name).join(', ')}`,
        },
      );
    const [head = [], ...rest] = sheet.rows;
    const header = head.map((h) => h.trim());
    return {
      table: {
        header,
        rows: rest.map((cells, i) => ({
          line: i + 2,
          values: Object.fromEntries(header.map((h, j) => [h, cells[j] ?? ''])),
        })),
      },
      warnings: [],
    };
  }
  const { text, warnings } = decodeText(bytes, name);
  const { header, records } = readCsv(text, { file: name, normaliseHeader: false, complete: true });
  return { table: { header: header.map((h) => h.trim()), rows: records }, warnings };
}

/** Reads, checks and maps the whole file before writing any of it, then writes it in one transaction. */
export async function importMapped(
  store: Store,
  input: MappedImportInput,
): Promise<MappedImportResult> {
  if (!(await getCase(store.db, input.caseId)))
    throw new ChokepointError('CP_NOT_FOUND', `no case "${input.caseId}"`, { field: 'case' });
  const mappingName = 'path' in input.mapping ? basename(input.mapping.path) : input.mapping.name;
  const mappingText =
    'text' in input.mapping
      ? input.mapping.text
      : decodeText((await bytesOf(input.mapping)).bytes, mappingName).text;
  const mapping = parseMapping(mappingText, mappingName);
  const { bytes, name } = await bytesOf(input.file);
  const { table, warnings } = readTable(bytes, name, mapping);
  checkMapping(mapping, table.header, { mapping: mappingName, table: name });
  const mapped = applyMapping(mapping, table, name);
  await writeMapped(store, input.caseId, name, mapped);
  return {
    kind: 'mapped',
    file: name,
    case_id: input.caseId,
    rows: table.rows.length,
    entities: mapped.entities.length,
    orders: mapped.orders.length,
    incidents: mapped.incidents.length,
    ...(warnings.length ? { warnings } : {}),
  };
}
