import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  ChokepointError,
  ERROR_CATALOGUE,
  fromPostedError,
  postedError,
  type PostedError,
} from './errors.ts';

/**
 * Runs `body` (which throws) in a real worker thread that loads errors.ts through tsx, as the
 * ACLED import's worker does, and returns the coded error the thread posted, rebuilt here.
 */
function thrownInWorker(body: string): Promise<ChokepointError> {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
  const errors = new URL('./errors.ts', import.meta.url).href;
  const code = `(async () => {
    const { parentPort } = await import('node:worker_threads');
    const { register } = await import(${JSON.stringify(tsx)});
    register();
    const { ChokepointError, postedError } = await import(${JSON.stringify(errors)});
    try {
      ${body}
    } catch (e) {
      parentPort.postMessage({ error: postedError(e) });
    }
  })();`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', (m: { error: PostedError }) => {
      resolve(fromPostedError(m.error));
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (n) => reject(new Error(`worker exited with ${n} before posting`)));
  });
}

describe('coded errors across threads', () => {
  it('keeps code, status, message, location and details through a real worker thread', async () => {
    const here = new ChokepointError(
      'CP_IMPORT_BAD_ROW',
      'bad date',
      { file: 'big.csv', line: 5001, field: 'event_date', expected: 'YYYY-MM-DD', got: 'x' },
      { row: 5000 },
    );
    const there = await thrownInWorker(
      `throw new ChokepointError('CP_IMPORT_BAD_ROW', 'bad date', { file: 'big.csv', line: 5001, field: 'event_date', expected: 'YYYY-MM-DD', got: 'x' }, { row: 5000 });`,
    );
    expect(there).toBeInstanceOf(ChokepointError);
    expect(there.code).toBe('CP_IMPORT_BAD_ROW');
    expect(there.status).toBe(400);
    expect(there.message).toBe(
      'big.csv, line 5001, field "event_date": bad date (expected YYYY-MM-DD, got "x")',
    );
    expect(there.location).toEqual(here.location);
    expect(there.details).toEqual({ row: 5000 });
    expect(there.toJSON()).toEqual(here.toJSON());
  }, 60_000);

  it('posts anything else thrown in a worker as CP_INTERNAL, with its stack', async () => {
    const there = await thrownInWorker(`throw new TypeError('boom in the worker');`);
    expect(there.code).toBe('CP_INTERNAL');
    expect(there.status).toBe(500);
    expect(there.message).toMatch(/^boom in the worker\nTypeError: boom in the worker\n\s+at /);
  }, 60_000);

  it('posts plain data that survives structured cloning, and refuses unknown codes', () => {
    const p = postedError(new ChokepointError('CP_BAD_GRAPH', 'source and sink are the same node'));
    expect(structuredClone(p)).toEqual(p);
    expect(fromPostedError(structuredClone(p)).code).toBe('CP_BAD_GRAPH');
    const unknown = fromPostedError({ code: 'CP_NO_SUCH', message: 'm', location: {} });
    expect(unknown.code).toBe('CP_INTERNAL');
    expect(unknown.message).toBe('m');
  });
});

describe('the catalogue', () => {
  it('gives every code a title and an HTTP error status', () => {
    for (const [code, { status, title }] of Object.entries(ERROR_CATALOGUE)) {
      expect(code).toMatch(/^CP_[A-Z_]+$/);
      expect(title.length, code).toBeGreaterThan(3);
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });
});
