import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../core/errors.ts';
import { openStore } from '../store/connect.ts';
import { buildServer } from './app.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Codes in the catalogue that no code in src/ raises yet, each with the reason it is kept. */
const RESERVED: Partial<Record<ErrorCode, string>> = {};

/**
 * CP_BAD_INPUT is for input malformed in no more specific way; every other failure has a
 * code a caller can act on. Raise this ceiling only with a reason no specific code fits.
 */
const MAX_BAD_INPUT_SITES = 5;

/** The source files of src/, tests and the catalogue itself left out. */
function sources(): { file: string; text: string }[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => join(SRC, f))
    .filter((f) => relative(SRC, f) !== join('core', 'errors.ts'))
    .map((file) => ({ file: relative(SRC, file), text: readFileSync(file, 'utf8') }));
}

describe('the error catalogue', () => {
  it('holds only codes that src/ raises, or that are documented as reserved', () => {
    const files = sources();
    const unused = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter(
      (code) => !RESERVED[code] && !files.some((f) => f.text.includes(`'${code}'`)),
    );
    // A code here is in the catalogue but raised nowhere: use it, remove it, or reserve it.
    expect(unused).toEqual([]);
    for (const code of Object.keys(RESERVED)) expect(ERROR_CATALOGUE).toHaveProperty(code);
  });

  it('keeps CP_BAD_INPUT for input malformed in no more specific way', () => {
    const sites = sources().flatMap(({ file, text }) =>
      text
        .split('\n')
        .flatMap((line, i) => (line.includes("'CP_BAD_INPUT'") ? [`${file}:${i + 1}`] : [])),
    );
    expect(sites.length, sites.join('\n')).toBeLessThanOrEqual(MAX_BAD_INPUT_SITES);
  });

  it('is what GET /api/errors lists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-errors-'));
    const store = await openStore({ url: join(dir, 'errors.db') });
    const app = await buildServer({ store });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/errors' });
      expect(res.statusCode).toBe(200);
      const listed = res.json<Record<string, { status: number; title: string }>>();
      expect(Object.keys(listed).sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
      expect(listed).toEqual(ERROR_CATALOGUE);
    } finally {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
