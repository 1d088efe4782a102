import { unzipSync } from 'fflate';

/**
 * What a file is, read from its bytes first and its name only to break ties: an upload's
 * extension is whatever the sender typed. Each kind names the extractor that reads it.
 */
export type DocumentKind =
  | 'pdf'
  | 'image'
  | 'office'
  | 'spreadsheet'
  | 'email'
  | 'mbox'
  | 'html'
  | 'text'
  | 'zip'
  | 'unknown';

export interface Sniffed {
  kind: DocumentKind;
  mime: string;
}

const IMAGE_MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x49, 0x49, 0x2a, 0x00], 'image/tiff'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'image/tiff'],
  [[0x42, 0x4d], 'image/bmp'],
];

const OFFICE_MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  rtf: 'application/rtf',
};

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  return b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Office Open XML and OpenDocument files are ZIP archives told apart by what they hold. */
function sniffZip(b: Uint8Array): Sniffed {
  const names: string[] = [];
  let odfMime: string | undefined;
  try {
    // Only the small `mimetype` entry of an OpenDocument file is inflated; the rest is named.
    const files = unzipSync(b, {
      filter: (f) => {
        names.push(f.name);
        return f.name === 'mimetype' && f.originalSize < 200;
      },
    });
    if (files.mimetype) odfMime = new TextDecoder().decode(files.mimetype).trim();
  } catch {
    return { kind: 'zip', mime: 'application/zip' };
  }
  if (odfMime?.startsWith('application/vnd.oasis.opendocument.'))
    return { kind: 'office', mime: odfMime };
  if (names.some((n) => n.startsWith('xl/')))
    return { kind: 'spreadsheet', mime: OFFICE_MIME.xlsx! };
  if (names.some((n) => n.startsWith('word/'))) return { kind: 'office', mime: OFFICE_MIME.docx! };
  if (names.some((n) => n.startsWith('ppt/'))) return { kind: 'office', mime: OFFICE_MIME.pptx! };
  return { kind: 'zip', mime: 'application/zip' };
}

const EMAIL_HEADER =
  /^(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version|Delivered-To|X-[\w-]+):/im;

/** Text that opens on e-mail headers (RFC 5322: field name, colon) is an e-mail. */
function looksLikeEmail(head: string): boolean {
  const firstLines = head.split(/\r?\n/, 8);
  const headers = firstLines.filter((l) => /^[A-Za-z][\w-]*:\s/.test(l) || /^\s/.test(l));
  return EMAIL_HEADER.test(firstLines[0] ?? '') && headers.length >= Math.min(3, firstLines.length);
}

export function sniff(bytes: Uint8Array, fileName = ''): Sniffed {
  const b = bytes;
  const ext = extension(fileName);
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]))
    return { kind: 'pdf', mime: 'application/pdf' };
  for (const [sig, mime] of IMAGE_MAGIC) if (startsWith(b, sig)) return { kind: 'image', mime };
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && ascii(b, 8, 12) === 'WEBP')
    return { kind: 'image', mime: 'image/webp' };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(b);
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0]))
    return { kind: 'office', mime: ext === 'xls' ? OFFICE_MIME.xls! : OFFICE_MIME.doc! };
  if (ascii(b, 0, 5) === '{\\rtf') return { kind: 'office', mime: OFFICE_MIME.rtf! };
  if (b.subarray(0, 8192).includes(0)) return { kind: 'unknown', mime: 'application/octet-stream' };
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096));
  const lead = head.replace(/^\uFEFF/, '').trimStart();
  if (
    /^From \S+/.test(lead) &&
    (ext === 'mbox' || looksLikeEmail(lead.slice(lead.indexOf('\n') + 1)))
  )
    return { kind: 'mbox', mime: 'application/mbox' };
  if (ext === 'eml' || looksLikeEmail(lead)) return { kind: 'email', mime: 'message/rfc822' };
  if (/^<(!doctype html|html|head|body)\b/i.test(lead) || ext === 'html' || ext === 'htm')
    return { kind: 'html', mime: 'text/html' };
  if (ext === 'csv') return { kind: 'text', mime: 'text/csv' };
  return { kind: 'text', mime: 'text/plain' };
}

/** A file name's extension for a MIME type (for derived files and downloads). */
export function extensionOf(mime: string): string {
  const found = Object.entries(OFFICE_MIME).find(([, m]) => m === mime);
  if (found) return found[0];
  const simple: Record<string, string> = {
    'application/pdf': 'pdf',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'image/tiff': 'tif',
    'image/bmp': 'bmp',
    'image/webp': 'webp',
    'message/rfc822': 'eml',
    'application/mbox': 'mbox',
    'text/html': 'html',
    'text/csv': 'csv',
    'text/plain': 'txt',
    'application/zip': 'zip',
  };
  return simple[mime] ?? (mime.includes('opendocument.text') ? 'odt' : 'bin');
}
