import { appendFileSync } from 'node:fs';
import { ChokepointError } from '../../core/errors.ts';
import type { JobHandler } from '../types.ts';

/**
 * A job that only exercises the job system: it sleeps (in steps, watching its signal),
 * allocates memory, or fails, as asked. The tests of cancellation, the time and memory
 * limits and the concurrency limits run it; nothing else does.
 */
export interface ProbeInput {
  sleep_ms?: number;
  /** Megabytes to allocate and hold (past the memory limit: the thread is stopped). */
  allocate_mb?: number;
  fail?: boolean;
  /** Spin the CPU instead of sleeping: a handler that never looks at its signal. */
  busy?: boolean;
  /** A file to append `tag` to, one line a run: how a test counts runs across processes. */
  record?: { file: string; tag: string };
}

export const handler: JobHandler<ProbeInput, { slept_ms: number }> = async (_store, input, ctx) => {
  const started = Date.now();
  const total = input.sleep_ms ?? 0;
  if (input.allocate_mb) {
    const held: number[][] = [];
    for (let i = 0; i < input.allocate_mb; i++) {
      // ~1 MB of live JS objects a step: the heap grows, not an external buffer.
      held.push(Array.from({ length: 131_072 }, (_, k) => k + i));
      ctx.progress(i + 1, input.allocate_mb, 'allocating');
    }
    ctx.count('arrays', held.length);
  }
  if (input.fail) throw new ChokepointError('CP_BAD_OPTION', 'the probe was asked to fail');
  while (Date.now() - started < total) {
    if (input.busy) continue;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    await new Promise((r) => setTimeout(r, Math.min(20, total)));
    ctx.progress(Math.min(Date.now() - started, total), total, 'sleeping');
  }
  if (input.record) appendFileSync(input.record.file, `${input.record.tag}\n`);
  return { slept_ms: Date.now() - started };
};
