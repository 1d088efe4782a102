import { readCsv } from '../core/csv.ts';
import { ChokepointError } from '../core/errors.ts';
import { parseRow } from '../core/schema.ts';
import { OrderSchema, type Order } from '../network/orders.ts';
import type { LabelledOrder } from './calibrate.ts';

/** Parses an orders CSV as the import does: header check, one Zod schema, unique ids, errors naming line and field. */
export function parseOrdersCsv(
  text: string,
  file: string,
): { line: number; order: Order; values: Record<string, string> }[] {
  const { records } = readCsv(text, { file, required: ['order_id', 'seller', 'buyer'] });
  const seen = new Map<string, number>();
  return records.map((r) => {
    const order = parseRow(OrderSchema, r.values, { file, line: r.line });
    const prev = seen.get(order.order_id);
    if (prev !== undefined) {
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `duplicate order_id (first on line ${prev})`, {
        file,
        line: r.line,
        field: 'order_id',
        got: order.order_id,
      });
    }
    seen.set(order.order_id, r.line);
    return { line: r.line, order, values: r.values };
  });
}

const ILLICIT = new Set(['illicit', '1', 'true', 'yes']);
const LEGITIMATE = new Set(['legitimate', 'legit', '0', 'false', 'no']);

/** The orders CSV with a `label` column: illicit or legitimate. */
export function parseLabelledCsv(text: string, file: string): LabelledOrder[] {
  const { header } = readCsv(text.split(/\r?\n/, 2).join('\n'), { file });
  if (!header.includes('label')) {
    throw new ChokepointError('CP_IMPORT_BAD_HEADER', 'missing column "label"', {
      file,
      line: 1,
      field: 'label',
      expected: 'the orders columns plus label (illicit|legitimate)',
    });
  }
  return parseOrdersCsv(text, file).map(({ line, order, values }) => {
    const v = (values.label ?? '').trim().toLowerCase();
    if (!ILLICIT.has(v) && !LEGITIMATE.has(v)) {
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'invalid label', {
        file,
        line,
        field: 'label',
        expected: 'illicit or legitimate',
        got: values.label ?? '',
      });
    }
    return { order, illicit: ILLICIT.has(v) };
  });
}
