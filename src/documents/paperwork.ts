import type { Order, PaymentMethod } from '../network/orders.ts';
import type { PageMention } from './mentions/index.ts';
import type { PaperworkKind } from './mentions/schema.ts';

/**
 * From paperwork to an order (issue 21, item 4): an invoice, proforma or packing list read
 * into the fields of the orders CSV, for an analyst to confirm. Pure: the page texts and
 * their mentions in, the draft's fields out. A party is what a label's line (Seller:,
 * Buyer:, Consignee:) names; its country is the first place of its block (the lines up to
 * the next label); figures are the page's mentions, the total after its label.
 */

export interface PaperPage {
  page: number;
  text: string;
  mentions: PageMention[];
}

/** What kind of paperwork a text is, by its title words; null when it is none of them. */
export function paperworkKind(text: string): PaperworkKind | null {
  const head = text.slice(0, 2000);
  if (/\bpro[\s-]?forma\b/i.test(head)) return 'proforma';
  if (/\bpacking\s+list\b|\bçeki\s+listesi\b/i.test(head)) return 'packing_list';
  if (/\b(?:commercial\s+)?invoice\b|\bfatura(?:sı)?\b/i.test(head)) return 'invoice';
  return null;
}

const LABELS = {
  // Not a bare "From:": an e-mail's sender is not a seller.
  seller: /^(?:seller|exporter|shipper|vendor|supplier|sold\s+by|satıcı)\b/i,
  buyer: /^(?:buyer|bill\s+to|sold\s+to|customer|importer|purchaser|messrs\.?|alıcı)\b/i,
  consignee: /^(?:consignee|deliver\s+to|notify\s+party|receiver)\b/i,
  payer: /^(?:payer|paid\s+by|payment\s+by|remitter|ordering\s+customer)\b/i,
  ship_to:
    /^(?:ship\s+to|destination|place\s+of\s+delivery|final\s+destination|port\s+of\s+discharge)\b/i,
  goods: /^(?:goods|description(?:\s+of\s+goods)?|commodity|product|item)\b/i,
  route: /^(?:route|routing|via|transit)\b/i,
  total: /^(?:total|grand\s+total|amount\s+due|invoice\s+total|total\s+amount|toplam)\b/i,
  // "Invoice No: INV-12", "Commercial invoice 44/2019": the number holds a digit.
  number:
    /^(?:(?:commercial\s+|proforma\s+)?invoice|proforma|packing\s+list)\s*(?:no\.?|number|#)?\s*[:.]?\s*((?=[\w/-]*\d)[A-Z0-9][\w/-]*)/i,
} as const;
type Label = keyof typeof LABELS;

/** A line of a page, where it starts, and the label that opens it (if any). */
interface Line {
  text: string;
  start: number;
  end: number;
  label: Label | null;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let at = 0;
  for (const raw of text.split('\n')) {
    const trimmed = raw.trimStart();
    const label =
      (Object.keys(LABELS) as Label[]).find((k) => k !== 'number' && LABELS[k].test(trimmed)) ??
      null;
    out.push({ text: raw, start: at, end: at + raw.length, label });
    at += raw.length + 1;
  }
  return out;
}

const within = (m: PageMention, from: number, to: number) => m.start >= from && m.end <= to;
const PARTY_KINDS = new Set(['company', 'person']);

/** The party a label names: a company or person mention on its line, else the line's own words. */
function partyOf(line: Line, mentions: PageMention[]): string | null {
  const m = mentions.find((x) => PARTY_KINDS.has(x.kind) && within(x, line.start, line.end));
  if (m) return m.normalized;
  const rest = line.text.replace(/^[^:]*:\s*/, '').trim();
  return rest && rest !== line.text.trim() ? rest.split(/\s{2,}|,/)[0]!.trim() || null : null;
}

/** The block a label opens: its line and the following lines without a label of their own. */
function blockOf(lines: Line[], i: number): { start: number; end: number } {
  let j = i + 1;
  while (j < lines.length && !lines[j]!.label && lines[j]!.text.trim()) j++;
  return { start: lines[i]!.start, end: lines[j - 1]!.end };
}

/** "Akçakale, TR" → { city: Akçakale, country: TR }. */
function placeParts(m: PageMention | undefined): { city: string; country: string } | null {
  if (!m) return null;
  const at = m.normalized.lastIndexOf(', ');
  return at < 0 ? null : { city: m.normalized.slice(0, at), country: m.normalized.slice(at + 2) };
}

/** How the paperwork says it is paid: the first payment method its words name. */
export function paymentMethodOf(text: string): Order['payment_method'] {
  const rules: [RegExp, PaymentMethod][] = [
    [/\bletter\s+of\s+credit\b|\bL\/C\b/i, 'letter_of_credit'],
    [/\bhawala\b/i, 'hawala'],
    [
      /\bwestern\s+union\b|\bmoneygram\b|\bmoney\s+transfer\b|\bexchange\s+(?:office|house)\b/i,
      'money_transfer',
    ],
    [/\b(?:bitcoin|usdt|tether|crypto)\b/i, 'crypto'],
    [/\bcash\b/i, 'cash'],
    [
      /\bIBAN\b|\bbank\s+transfer\b|\bwire\s+transfer\b|\bT\/T\b|\btelegraphic\s+transfer\b/i,
      'bank_transfer',
    ],
  ];
  return rules.find(([re]) => re.test(text))?.[1] ?? null;
}

/**
 * The draft order of a document's pages, or null when the text is not paperwork. Fields the
 * paper does not give stay undefined for the analyst (the buyer's business and first
 * appearance are never on an invoice).
 */
export function draftFromPaperwork(
  pages: PaperPage[],
): { kind: PaperworkKind; fields: Partial<Order> } | null {
  const all = pages.map((p) => p.text).join('\n');
  const kind = paperworkKind(all);
  if (!kind) return null;
  const f: Partial<Order> = {};
  const first = <T>(fn: (p: PaperPage) => T | null | undefined): T | undefined => {
    for (const p of pages) {
      const v = fn(p);
      if (v !== null && v !== undefined) return v;
    }
    return undefined;
  };
  const labelled = (label: Label) =>
    first((p) => {
      const lines = linesOf(p.text);
      const i = lines.findIndex((l) => l.label === label);
      return i < 0 ? null : { p, lines, i, line: lines[i]! };
    });
  const mentionsOf = (kind: string) =>
    pages.flatMap((p) => p.mentions.filter((m) => m.kind === kind));

  f.order_id = first((p) => {
    for (const line of p.text.split('\n')) {
      const m = LABELS.number.exec(line.trim());
      if (m) return m[1];
    }
    return null;
  });
  f.order_date = mentionsOf('date')[0]?.normalized;
  for (const party of ['seller', 'buyer', 'consignee', 'payer'] as const) {
    const at = labelled(party);
    if (!at) continue;
    const name = partyOf(at.line, at.p.mentions);
    if (name) f[party] = name;
    if (party === 'seller' || party === 'buyer') {
      const block = blockOf(at.lines, at.i);
      const place = placeParts(
        at.p.mentions.find((m) => m.kind === 'place' && within(m, block.start, block.end)),
      );
      if (place) {
        f[`${party}_country`] = place.country;
        if (party === 'buyer') f.buyer_city = place.city;
      }
    }
  }
  const shipTo = labelled('ship_to');
  if (shipTo) {
    const place = placeParts(
      shipTo.p.mentions.find(
        (m) => m.kind === 'place' && within(m, shipTo.line.start, shipTo.line.end),
      ),
    );
    if (place) {
      f.ship_to_city = place.city;
      f.ship_to_country = place.country;
    }
  }
  const route = labelled('route');
  if (route) {
    const places = route.p.mentions.filter(
      (m) => m.kind === 'place' && within(m, route.line.start, route.line.end),
    );
    if (places.length) f.route = places.map((m) => placeParts(m)!.city).join('>');
  }
  const goods = labelled('goods');
  if (goods) {
    const rest = goods.line.text.replace(/^[^:]*:\s*/, '');
    const cut = rest.search(/,?\s*(?:\bHS\b|\bGTIP\b|\btariff\b|\d)/i);
    f.goods = (cut > 0 ? rest.slice(0, cut) : rest).replace(/[\s,;]+$/, '') || undefined;
  }
  f.hs_code = mentionsOf('hs_code')[0]?.normalized;
  const qty = mentionsOf('quantity')[0];
  if (qty) {
    const [n, unit] = qty.normalized.split(' ');
    f.quantity = Number(n);
    f.unit = unit;
  }
  const total = labelled('total');
  const amount =
    (total &&
      total.p.mentions.find(
        (m) => m.kind === 'amount' && within(m, total.line.start, total.line.end),
      )) ??
    mentionsOf('amount').sort(
      (a, b) => Number(b.normalized.split(' ')[1]) - Number(a.normalized.split(' ')[1]),
    )[0];
  if (amount) {
    const [currency, value] = amount.normalized.split(' ');
    f.currency = currency;
    f.value = Number(value);
  }
  f.payment_method = paymentMethodOf(all) ?? undefined;
  f.lot = mentionsOf('lot')[0]?.normalized;
  const serials = mentionsOf('serial');
  if (serials.length) {
    f.serial_first = serials[0]!.normalized;
    f.serial_last = serials[serials.length - 1]!.normalized;
  }
  for (const k of Object.keys(f) as (keyof Order)[]) if (f[k] === undefined) delete f[k];
  // A letter that only speaks of a proforma (an e-mail's subject) names no party, goods or sum.
  if (!f.seller && !f.buyer && !f.goods && f.value === undefined) return null;
  return { kind, fields: f };
}
