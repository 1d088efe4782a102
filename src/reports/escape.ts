/**
 * Escaping of untrusted text (incident texts, entity names, source titles come from files
 * and users) for each output format. Every renderer passes text through one of these; no
 * renderer concatenates raw record text.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** Text for XML (GraphML, GEXF): the HTML entities minus the apostrophe name, and no control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML_ENTITIES[c]!))
  );
}

/**
 * Text for Markdown (CommonMark + GFM tables): every character that can start markup is
 * backslash-escaped, so raw HTML (`<script>`), links, emphasis, table pipes and entity
 * references (`&lt;`) stay literal. Line breaks become spaces: a record's text never starts
 * a new block (a heading, a list item, a setext underline) of the document around it.
 */
export function escapeMarkdown(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  const escaped = oneLine.replace(/[\\`*_{}[\]<>#|~&$]/g, (c) => `\\${c}`);
  // Characters that only mean something at the start of a block: list markers, headings
  // (already escaped), block quotes (escaped), setext underlines and ordered-list numbers.
  return escaped.replace(
    /^(\s*)([-+](?=\s|$)|=|\d+(?=[.)](?:\s|$)))/,
    (_m, sp: string, c: string) => (/^\d+$/.test(c) ? `${sp}${c}\\` : `${sp}\\${c}`),
  );
}
