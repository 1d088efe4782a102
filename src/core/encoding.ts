import { ChokepointError } from './errors.ts';

/**
 * The one place a file's bytes become text. Files are meant to be UTF-8 (ARCHITECTURE,
 * Interchange formats); what arrives otherwise is read as follows, and said:
 *
 * - a byte-order mark decides: UTF-8 (EF BB BF), UTF-16LE (FF FE), UTF-16BE (FE FF); the
 *   mark is dropped. UTF-32 (a mark FF FE 00 00 or 00 00 FE FF) is refused, naming it.
 * - no mark but NUL bytes in every other position (ASCII text saved as UTF-16, as some
 *   spreadsheet programs do): UTF-16LE or BE, told by where the NULs sit, with a warning.
 * - a compressed or office file (gzip, zip/xlsx, PDF, 7z, bzip2, xz) is refused, naming it.
 * - otherwise valid UTF-8 is UTF-8; bytes that are not valid UTF-8 are read as
 *   Windows-1252 (Latin-1 and its superset, what older exports from Windows tools are) with
 *   a warning naming the line of the first byte that is not UTF-8. Nothing becomes U+FFFD.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Said to the user with the import's result: how the bytes were read when not plain UTF-8. */
  warnings: string[];
}

const MAGIC: [string, number[]][] = [
  ['a gzip archive', [0x1f, 0x8b]],
  ['a zip archive (or an .xlsx/.docx file)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a 7z archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['a bzip2 archive', [0x42, 0x5a, 0x68]],
  ['an xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['an old Office document (.xls/.doc)', [0xd0, 0xcf, 0x11, 0xe0]],
];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}

function refuse(file: string | undefined, message: string): ChokepointError {
  return new ChokepointError('CP_IMPORT_BAD_FILE', message, {
    file,
    line: 1,
    expected: 'text in UTF-8 (UTF-16 with a byte-order mark and Windows-1252 are read too)',
  });
}

/** UTF-16 without a mark: NULs in at least 40 % of the odd (LE) or even (BE) bytes of the start. */
function sniffUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd >= 0.4 * half && even < 0.05 * half) return 'utf-16le';
  if (even >= 0.4 * half && odd < 0.05 * half) return 'utf-16be';
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The line (1-based) of a byte offset. */
function lineOfByte(b: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = b.indexOf(10); i >= 0 && i < offset; i = b.indexOf(10, i + 1)) line++;
  return line;
}

/** The offset of the first byte that is not part of valid UTF-8. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const len =
      c < 0x80
        ? 1
        : c >= 0xc2 && c <= 0xdf
          ? 2
          : c >= 0xe0 && c <= 0xef
            ? 3
            : c >= 0xf0 && c <= 0xf4
              ? 4
              : 0;
    if (len === 0 || i + len > b.length) return i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return b.length;
}

/** A file's bytes as text, by the rules above; `file` names it in refusals and warnings. */
export function decodeText(bytes: Uint8Array, file?: string): DecodedText {
  const b = bytes;
  const name = file ?? 'the file';
  if (startsWith(b, [0xff, 0xfe, 0x00, 0x00]) || startsWith(b, [0x00, 0x00, 0xfe, 0xff]))
    throw refuse(file, 'the file is UTF-32 (by its byte-order mark), which is not read');
  if (startsWith(b, [0xef, 0xbb, 0xbf])) {
    try {
      return { text: utf8.decode(b.subarray(3)), encoding: 'utf-8', warnings: [] };
    } catch {
      const at = firstInvalidUtf8(b.subarray(3)) + 3;
      throw new ChokepointError(
        'CP_IMPORT_BAD_FILE',
        'the file starts with a UTF-8 byte-order mark but holds bytes that are not UTF-8',
        { file, line: lineOfByte(b, at), expected: 'UTF-8 throughout' },
      );
    }
  }
  if (startsWith(b, [0xff, 0xfe]))
    return {
      text: new TextDecoder('utf-16le').decode(b.subarray(2)),
      encoding: 'utf-16le',
      warnings: [],
    };
  if (startsWith(b, [0xfe, 0xff]))
    return {
      text: new TextDecoder('utf-16be').decode(b.subarray(2)),
      encoding: 'utf-16be',
      warnings: [],
    };
  for (const [what, sig] of MAGIC)
    if (startsWith(b, sig)) throw refuse(file, `the file is ${what}, not text`);
  const utf16 = sniffUtf16(b);
  if (utf16)
    return {
      text: new TextDecoder(utf16).decode(b),
      encoding: utf16,
      warnings: [
        `${name}: no byte-order mark, read as ${utf16 === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'} (every other byte is NUL)`,
      ],
    };
  try {
    return { text: utf8.decode(b), encoding: 'utf-8', warnings: [] };
  } catch {
    const line = lineOfByte(b, firstInvalidUtf8(b));
    return {
      text: new TextDecoder('windows-1252').decode(b),
      encoding: 'windows-1252',
      warnings: [
        `${name}: not valid UTF-8 (first at line ${line}), read as Windows-1252 (Latin-1)`,
      ],
    };
  }
}
