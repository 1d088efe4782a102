// The place where the mentions of a page (web/src/pages/documents/Mentions.tsx, issue 21
// items 3-6) mount in the document viewer. That module's default export is a component
// taking these props; the viewer loads it when it exists and marks the ranges it reports
// in the page text beside the search words.

/** A span of the page text to mark: `kind` is the mention kind (person, iban, amount…). */
export interface PageHighlight {
  start: number;
  end: number;
  kind: string;
}

export interface MentionsSlotProps {
  documentId: string;
  page: number;
  /** The page's text exactly as the viewer shows it (offsets are into it). */
  text: string;
  /** The spans to mark in the text; called again whenever they change (accept, reject). */
  onHighlights: (highlights: PageHighlight[]) => void;
}

/** The event the upload panel sends when documents were added, so lists read again. */
export const DOCUMENTS_CHANGED = 'chokepoint:documents-changed';
