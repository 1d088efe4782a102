import { simpleParser, type AddressObject } from 'mailparser';
import { htmlToText } from './text.ts';

/**
 * E-mail (RFC 5322 and MIME) and mailboxes. A message becomes one document whose text is
 * its headers and body; each attachment becomes a child document, ingested like any
 * upload (a PDF attached to an e-mail is searchable on its own pages).
 */
export interface ParsedEmail {
  meta: Record<string, string>;
  subject: string | null;
  text: string;
  attachments: { file_name: string; mime: string; bytes: Uint8Array }[];
}

function addresses(a: AddressObject | AddressObject[] | undefined): string | undefined {
  if (!a) return undefined;
  return (
    [a]
      .flat()
      .map((x) => x.text)
      .join(', ') || undefined
  );
}

export async function parseEmail(bytes: Uint8Array): Promise<ParsedEmail> {
  const m = await simpleParser(Buffer.from(bytes), { skipImageLinks: true, skipTextToHtml: true });
  const meta: Record<string, string> = {};
  const put = (k: string, v: string | undefined) => {
    if (v) meta[k] = v;
  };
  put('from', addresses(m.from));
  put('to', addresses(m.to));
  put('cc', addresses(m.cc));
  put('subject', m.subject);
  put('date', m.date && !Number.isNaN(m.date.getTime()) ? m.date.toISOString() : undefined);
  put('message_id', m.messageId);
  const body = m.text?.trim() || (m.html ? htmlToText(m.html) : '');
  const head = ['from', 'to', 'cc', 'date', 'subject']
    .filter((k) => meta[k])
    .map((k) => `${k[0]!.toUpperCase()}${k.slice(1)}: ${meta[k]}`);
  return {
    meta,
    subject: m.subject ?? null,
    text: [...head, '', body].join('\n'),
    attachments: m.attachments.map((a, i) => ({
      file_name: a.filename || `attachment-${i + 1}`,
      mime: a.contentType,
      bytes: new Uint8Array(a.content),
    })),
  };
}

/**
 * The messages of an mbox file (the mboxrd reading, RFC 4155): each opens on a line
 * "From " at the start of the file or after a blank line; ">From " quoted in a body loses
 * one ">".
 */
export function splitMbox(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  let current: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('From ') && (i === 0 || lines[i - 1] === '')) {
      if (current) out.push(current.join('\n'));
      current = [];
      continue;
    }
    current?.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  if (current) out.push(current.join('\n'));
  return out.map((m) => m.replace(/\n+$/, '\n')).filter((m) => m.trim() !== '');
}
