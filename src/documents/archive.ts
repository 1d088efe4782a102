import { unzipSync } from 'fflate';
import { ChokepointError } from '../core/errors.ts';

/**
 * The files of a ZIP archive, each to be ingested as a child document. Limits guard
 * against archive bombs: the entries and the declared uncompressed bytes are counted
 * before anything is inflated, and an archive past either is refused whole, naming it.
 */
export interface ArchiveLimits {
  maxEntries: number;
  maxBytes: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxBytes: 1024 ** 3 };

export function unzipEntries(
  bytes: Uint8Array,
  file: string,
  limits: ArchiveLimits = ARCHIVE_LIMITS,
): { name: string; bytes: Uint8Array }[] {
  let entries = 0;
  let total = 0;
  const skip = (name: string) => name.endsWith('/') || /(^|\/)(__MACOSX|\.DS_Store)/.test(name);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (skip(f.name)) return false;
        entries += 1;
        total += f.originalSize;
        if (entries > limits.maxEntries || total > limits.maxBytes)
          throw new ChokepointError(
            'CP_LIMIT_EXCEEDED',
            `the archive holds more than ${limits.maxEntries} files or ${limits.maxBytes} bytes`,
            { file },
          );
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ChokepointError) throw e;
    throw new ChokepointError(
      'CP_IMPORT_BAD_FILE',
      `not a readable ZIP archive: ${(e as Error).message}`,
      {
        file,
      },
    );
  }
  return Object.entries(files).map(([name, b]) => ({ name, bytes: b }));
}
