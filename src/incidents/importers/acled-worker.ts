import { parentPort, workerData } from 'node:worker_threads';
import { postedError, type PostedError } from '../../core/errors.ts';
import { DayCells, type DayCellsSnapshot } from '../rollup-cells.ts';
import { ACLED_FIELDS, acledRollupSource, acledSearchEntries, forEachAcledBatch } from './acled.ts';
import type { ColumnMap, ColumnMapping } from './columns.ts';

/**
 * The parsing half of a two-thread ACLED import (see `importAcled` in the store): this
 * thread reads and validates the CSV, folds each row's search-index entry and posts
 * groups of 64-row value batches while the main thread writes the previous ones. A shared
 * counter of groups consumed keeps at most `window` groups in flight, so a slow disk never
 * makes the parsed file pile up in memory.
 */
export interface AcledWorkerJob {
  text: string;
  file: string;
  /** Rows per batch (the INSERT statement's row count). */
  rows: number;
  /** Batches per message. */
  group: number;
  window: number;
  /** [groups consumed by the main thread], on a SharedArrayBuffer. */
  acks: Int32Array;
  /** The user's `--map` (file column → field), if any. */
  map?: ColumnMap;
  /** Add up the roll-up's day cells here, off the writing thread (a first import), and post them with `done`. */
  rollup?: boolean;
}

export type AcledWorkerMessage =
  | { mapping: ColumnMapping }
  | { batches: unknown[][]; counts: number[]; search: string[][] }
  | { done: number; cells?: DayCellsSnapshot }
  | { error: PostedError };

const job = workerData as AcledWorkerJob;
const port = parentPort!;
let sent = 0;
let batches: unknown[][] = [];
let counts: number[] = [];
let search: string[][] = [];
const cells = job.rollup ? new DayCells() : null;
const post = () => {
  for (;;) {
    const done = Atomics.load(job.acks, 0);
    if (sent - done < job.window) break;
    Atomics.wait(job.acks, 0, done, 1000);
  }
  port.postMessage({ batches, counts, search } satisfies AcledWorkerMessage);
  sent++;
  batches = [];
  counts = [];
  search = [];
};
try {
  const total = forEachAcledBatch(
    job.text,
    job.file,
    job.rows,
    (values, count) => {
      if (cells)
        for (let r = 0, o = 0; r < count; r++, o += ACLED_FIELDS.length)
          cells.add(acledRollupSource(values, o));
      batches.push(values);
      counts.push(count);
      search.push(acledSearchEntries(values, count));
      if (batches.length === job.group) post();
    },
    {
      map: job.map,
      onMapping: (mapping) => port.postMessage({ mapping } satisfies AcledWorkerMessage),
    },
  );
  if (batches.length) post();
  port.postMessage({ done: total, cells: cells?.snapshot() } satisfies AcledWorkerMessage);
} catch (e) {
  port.postMessage({ error: postedError(e) } satisfies AcledWorkerMessage);
}
