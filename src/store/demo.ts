import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Store } from './connect.ts';
import { importFile, type Progress } from './importer.ts';

/** The demo world's files in load order: sources first, so that records can cite them. */
export const DEMO_DIR = fileURLToPath(new URL('../../data/demo/', import.meta.url));
export const DEMO_FILES: { kind: string; file: string }[] = [
  { kind: 'sources', file: 'sources.jsonl' },
  { kind: 'incidents', file: 'incidents.jsonl' },
  { kind: 'baseline', file: 'baseline.csv' },
  { kind: 'seizures', file: 'seizures.csv' },
  { kind: 'ftm', file: 'network.ftm.jsonl' },
  { kind: 'orders', file: 'orders.csv' },
  // Evidence for the seizures, once their ids exist (kept apart from the arms files).
  { kind: 'sources', file: 'evidence.jsonl' },
];

export interface LoadedFile {
  kind: string;
  file: string;
  rows: number;
}

/** Loads the demo world; each file is its own all-or-nothing import, as a user would run them. */
export async function loadDemo(
  store: Store,
  opts: { caseId?: string; onProgress?: Progress } = {},
): Promise<LoadedFile[]> {
  const loaded: LoadedFile[] = [];
  const files = DEMO_FILES.filter((f) => existsSync(join(DEMO_DIR, f.file)));
  for (const [i, f] of files.entries()) {
    const r = await importFile(store, f.kind, join(DEMO_DIR, f.file), { caseId: opts.caseId });
    loaded.push({ kind: f.kind, file: f.file, rows: r.rows });
    opts.onProgress?.(i + 1, files.length, 'demo');
  }
  return loaded;
}
