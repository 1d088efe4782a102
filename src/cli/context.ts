import type { Command } from 'commander';
import { ChokepointError } from '../core/errors.ts';
import { DEFAULT_CASE_ID } from '../core/ids.ts';
import { getCase } from '../store/cases.ts';
import { defaultDatabaseUrl, openStore, type Store } from '../store/connect.ts';

export interface CommonOptions {
  db?: string;
  json?: boolean;
  case?: string;
}

/**
 * The options every command takes: where the store is, JSON output, which case. Each is
 * added unless the command has it already, so calling this twice is harmless: the CLI's
 * main calls it on every command after the modules registered theirs. They may also stand
 * before the command (`chokepoint --db x.db stats`): see `liftGlobalOptions` in main.ts.
 */
export function common(cmd: Command): Command {
  const has = (flag: string) => cmd.options.some((o) => o.long === flag);
  if (!has('--db'))
    cmd.option(
      '--db <file|url>',
      'SQLite file or postgres:// URL (default: $DATABASE_URL or ./chokepoint.db)',
    );
  if (!has('--json'))
    cmd.option('--json', 'print one JSON document (or JSON lines where stated) instead of text');
  if (!has('--case'))
    cmd.option('--case <id>', 'the case (investigation) to work in', DEFAULT_CASE_ID);
  return cmd;
}

/** Opens the store for one command and always closes it. */
export async function withStore<T>(
  opts: CommonOptions,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore({ url: opts.db ?? defaultDatabaseUrl() });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function assertCase(store: Store, caseId: string): Promise<void> {
  if (!(await getCase(store.db, caseId)))
    throw new ChokepointError('CP_NOT_FOUND', `no case "${caseId}"`, {
      field: 'case',
      expected: 'an existing case id (see `chokepoint cases`)',
    });
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function outJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function outJsonLines(values: Iterable<unknown>): void {
  for (const v of values) process.stdout.write(`${JSON.stringify(v)}\n`);
}

/** Left-aligned text table for human output. */
export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(none)';
  const cols = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'number' && !Number.isInteger(v)
        ? v.toFixed(3)
        : String(v);
  const widths = cols.map((c) =>
    Math.min(48, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))),
  );
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(cols),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join('\n');
}

/** Reads a whole file, or stdin for "-". */
export async function readInput(file: string | undefined): Promise<string> {
  if (!file || file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new ChokepointError(
      'CP_IMPORT_BAD_FILE',
      `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { file },
    );
  }
}

/** A `--limit` option: an integer from 1 to `max`, else a coded CP_BAD_OPTION naming it. */
export function limitOption(value: string, max = 100_000): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new ChokepointError('CP_BAD_OPTION', 'bad --limit', {
      field: 'limit',
      expected: `an integer from 1 to ${max}`,
      got: value,
    });
  return limit;
}
