/**
 * Mentions, cross-references and draft orders of documents (issue 21, items 3–5), each use
 * case once for the CLI, the API and the web app: extract a document's mentions (a job,
 * run after ingest), list them, accept one as evidence for a record or reject it, cross-
 * reference a document's names against the loaded lists and the other cases a user may
 * see, and turn paperwork into an order.
 */
import { ChokepointError } from '../core/errors.ts';
import { stableId } from '../core/ids.ts';
import type { RecordKind, Source } from '../core/provenance.ts';
import { extractMentions, type KnownName, type PageMention } from '../documents/mentions/index.ts';
import { findPlaces } from '../documents/mentions/places.ts';
import {
  AcceptMentionSchema,
  type AcceptMention,
  type DraftOrder,
  type Mention,
  type MentionState,
  type Xref,
} from '../documents/mentions/schema.ts';
import { draftFromPaperwork } from '../documents/paperwork.ts';
import type { ScoredOrder } from '../flags/indicators.ts';
import type { JobContext } from '../jobs/types.ts';
import { entityCaption, props, type FtmEntity } from '../network/ftm.ts';
import { OrderSchema, type Order } from '../network/orders.ts';
import { buildIndex } from '../resolve/blocking.ts';
import { DEFAULT_THRESHOLD } from '../resolve/match.ts';
import type { Store } from '../store/connect.ts';
import { listCases } from '../store/cases.ts';
import { confirmDraftAsOrder } from '../store/drafts.ts';
import { getDocument, listPages } from '../store/documents.ts';
import { listEntities } from '../store/entities.ts';
import {
  acceptMentionAsEvidence,
  decideDraft,
  decideMention,
  decideXref,
  getDraft,
  getMention,
  listDrafts,
  listMentions,
  listXrefs,
  replaceProposedMentions,
  replaceXrefs,
  saveDraft,
} from '../store/mentions.ts';
import { scoreCaseOrders } from './orders.ts';
import { PARTY_SCHEMAS, loadLists, screenerOf, subjectOf } from './screening.ts';

const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName'];
const NAME_KINDS = ['person', 'company'];

async function documentOf(store: Store, caseId: string, documentId: string) {
  const doc = await getDocument(store.db, caseId, documentId);
  if (!doc)
    throw new ChokepointError('CP_NOT_FOUND', `no document "${documentId}" in case ${caseId}`, {
      field: 'document_id',
      got: documentId,
    });
  return doc;
}

/** Every name a party of the case goes by, for spotting them on pages. */
function knownNames(parties: FtmEntity[]): KnownName[] {
  return parties.flatMap((e) =>
    [...new Set([entityCaption(e), ...NAME_PROPS.flatMap((p) => props(e, p))])].map((name) => ({
      entity_id: e.id,
      schema: e.schema,
      name,
    })),
  );
}

/** The country most places of a text are in: what a local phone number there is dialled from. */
function countryOfText(text: string): string | null {
  const counts = new Map<string, number>();
  for (const p of findPlaces(text)) {
    const cc = p.normalized.slice(p.normalized.lastIndexOf(', ') + 2);
    counts.set(cc, (counts.get(cc) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export interface ExtractResult {
  document_id: string;
  /** Mentions proposed by this run (decided ones are kept and not proposed again). */
  proposed: number;
  by_kind: Record<string, number>;
  draft: DraftOrder | null;
}

/**
 * Reads a document's pages into mentions: the case's parties spotted by their names, the
 * other names matched through the name engine to the case's parties (default threshold),
 * and, when the document is an invoice, proforma or packing list, its draft order.
 */
export async function extractDocumentMentions(
  store: Store,
  caseId: string,
  documentId: string,
  ctx?: Pick<JobContext, 'progress' | 'signal'>,
): Promise<ExtractResult> {
  const doc = await documentOf(store, caseId, documentId);
  const [pages, parties] = await Promise.all([
    listPages(store.db, caseId, documentId),
    listEntities(store.db, { caseIds: [caseId], schema: PARTY_SCHEMAS }),
  ]);
  const known = knownNames(parties);
  const country = countryOfText(pages.map((p) => p.text).join('\n'));
  const index = buildIndex(parties.map(subjectOf));
  const read: { page: number; text: string; mentions: PageMention[] }[] = [];
  for (const [i, p] of pages.entries()) {
    if (ctx?.signal.aborted)
      throw new ChokepointError('CP_CANCELLED', 'mention extraction cancelled');
    ctx?.progress(i, pages.length, `page ${p.page}`);
    const mentions = extractMentions(p.text, {
      known,
      country,
      refDate: /^\d{4}-\d{2}-\d{2}$/.test(doc.meta.date ?? '') ? doc.meta.date : null,
    });
    for (const m of mentions) {
      if (m.entity_id || !NAME_KINDS.includes(m.kind)) continue;
      const schema = m.kind === 'person' ? 'Person' : 'Company';
      const hit = index.search(
        { id: m.text, schema, names: [m.normalized] },
        { threshold: DEFAULT_THRESHOLD, limit: 1 },
      )[0];
      if (hit) m.entity_id = hit.id;
    }
    read.push({ page: p.page, text: p.text, mentions });
  }
  const rows: Mention[] = read.flatMap((p) =>
    p.mentions.map((m) => ({
      id: stableId('men', documentId, p.page, m.kind, m.start, m.end, m.normalized),
      document_id: documentId,
      page: p.page,
      kind: m.kind,
      text: m.text,
      normalized: m.normalized,
      start: m.start,
      end: m.end,
      entity_id: m.entity_id,
      state: 'proposed' as const,
      record_kind: null,
      record_id: null,
      decided_by: null,
      decided_at: null,
    })),
  );
  const proposed = await replaceProposedMentions(store.db, caseId, documentId, rows);
  const by_kind: Record<string, number> = {};
  for (const r of rows) by_kind[r.kind] = (by_kind[r.kind] ?? 0) + 1;
  const paper = draftFromPaperwork(read);
  let draft: DraftOrder | null = null;
  if (paper) {
    const id = stableId('draft', documentId);
    await saveDraft(store.db, caseId, {
      id,
      document_id: documentId,
      kind: paper.kind,
      fields: paper.fields,
      state: 'draft',
      order_id: null,
      created_at: new Date().toISOString(),
      decided_by: null,
      decided_at: null,
    });
    draft = (await getDraft(store.db, caseId, id)) ?? null;
  }
  ctx?.progress(pages.length, pages.length, 'done');
  return { document_id: documentId, proposed, by_kind, draft };
}

/**
 * The mentions of one document in page order (CP_NOT_FOUND for a document the case lacks),
 * decided ones included.
 */
export async function documentMentions(
  store: Store,
  caseId: string,
  documentId: string,
  f: { state?: MentionState; kinds?: string[] } = {},
): Promise<Mention[]> {
  await documentOf(store, caseId, documentId);
  // A document never read for mentions (ingested before this existed) is read on first ask.
  if ((await listMentions(store.db, caseId, { document_id: documentId })).length === 0)
    await extractDocumentMentions(store, caseId, documentId);
  return listMentions(store.db, caseId, { document_id: documentId, ...f });
}

/** Every case id: what the command line, run by the database's owner, may cross-reference against. */
export async function allCaseIds(store: Store): Promise<string[]> {
  return (await listCases(store.db)).map((c) => c.id);
}

async function mentionOf(store: Store, caseId: string, id: string): Promise<Mention> {
  const m = await getMention(store.db, caseId, id);
  if (!m)
    throw new ChokepointError('CP_NOT_FOUND', `no mention "${id}" in case ${caseId}`, {
      field: 'mention_id',
      got: id,
    });
  return m;
}

/** A document as a source: titled as it is, reliability F (cannot be judged) until someone grades it. */
function documentSource(doc: { id: string; title: string }): Source {
  return {
    id: doc.id,
    title: doc.title,
    publisher: null,
    kind: 'document',
    url: null,
    published: null,
    reliability: 'F',
  };
}

/** The line of the page a mention stands on: the excerpt its evidence quotes. */
function excerptOf(text: string, m: Mention): string {
  const from = text.lastIndexOf('\n', m.start - 1) + 1;
  const to = text.indexOf('\n', m.end);
  return text
    .slice(from, to < 0 ? undefined : to)
    .trim()
    .slice(0, 500);
}

/**
 * Accepts a mention as evidence: the record it supports (by default the entity it names)
 * gets the document as a source, at the mention's page, quoting its line, with the
 * credibility given (default 3, possibly true). The document is the source's id; a source
 * already graded (by a sources file) keeps its reliability, a new one is F (cannot be judged).
 */
export async function acceptMention(
  store: Store,
  caseId: string,
  id: string,
  input: AcceptMention,
  actor: string,
): Promise<Mention> {
  const opts = AcceptMentionSchema.parse(input);
  const m = await mentionOf(store, caseId, id);
  const recordKind: RecordKind = opts.record_kind ?? 'entity';
  const recordId = opts.record_id ?? (recordKind === 'entity' ? m.entity_id : null);
  if (!recordId)
    throw new ChokepointError(
      'CP_BAD_OPTION',
      'the mention names no known entity: say which record it supports',
      {
        field: 'record_id',
        expected: 'the id of the record (an entity, order, item …) the mention is evidence for',
      },
    );
  const doc = await documentOf(store, caseId, m.document_id);
  const page = (await listPages(store.db, caseId, m.document_id)).find((p) => p.page === m.page);
  await acceptMentionAsEvidence(store.db, caseId, id, {
    source: documentSource(doc),
    link: {
      record_kind: recordKind,
      record_id: recordId,
      source_id: doc.id,
      credibility: opts.credibility,
      page: String(m.page),
      excerpt: page ? excerptOf(page.text, m) : m.text,
    },
    entity_id: recordKind === 'entity' ? recordId : m.entity_id,
    decided_by: actor,
  });
  return mentionOf(store, caseId, id);
}

/** Rejects a mention: kept as rejected, so extracting the document again does not propose it. */
export async function rejectMention(
  store: Store,
  caseId: string,
  id: string,
  actor: string,
): Promise<Mention> {
  const m = await mentionOf(store, caseId, id);
  await decideMention(store.db, caseId, id, {
    state: 'rejected',
    record_kind: null,
    record_id: null,
    entity_id: m.entity_id,
    decided_by: actor,
  });
  return mentionOf(store, caseId, id);
}

export interface XrefOptions {
  /** One document, or every document of the case with name mentions. */
  documentId?: string;
  /** The cases whose entities the user may see (the case itself is left out). */
  visibleCases: string[];
  threshold?: number;
}

/**
 * Cross-referencing, as Aleph's: every person and company mention of the document(s) not
 * rejected, screened against the loaded lists and matched against the parties of the other
 * cases the user may see. Results are kept for review; a decided one keeps its decision.
 */
export async function crossReference(
  store: Store,
  caseId: string,
  opts: XrefOptions,
): Promise<Xref[]> {
  if (opts.documentId) await documentOf(store, caseId, opts.documentId);
  const mentions = (
    await listMentions(store.db, caseId, { document_id: opts.documentId, kinds: NAME_KINDS })
  ).filter((m) => m.state !== 'rejected');
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const others = opts.visibleCases.filter((c) => c !== caseId);
  const screener = screenerOf(await loadLists(store));
  // Entity ids are unique within a case only: the index knows each by its place in the list.
  const parties: { caseId: string; entity: FtmEntity }[] = [];
  for (const c of others)
    for (const entity of await listEntities(store.db, { caseIds: [c], schema: PARTY_SCHEMAS }))
      parties.push({ caseId: c, entity });
  const index = buildIndex(parties.map((p, i) => ({ ...subjectOf(p.entity), id: String(i) })));
  const byDocument = new Map<string, Xref[]>();
  for (const m of mentions) {
    const subject = {
      id: m.id,
      schema: m.kind === 'person' ? 'Person' : 'Company',
      names: [m.normalized],
    };
    const base = {
      mention_id: m.id,
      document_id: m.document_id,
      page: m.page,
      name: m.text,
      decision: null,
      decided_by: null,
      decided_at: null,
    };
    const found = byDocument.get(m.document_id) ?? [];
    if (screener.size)
      for (const h of screener.screen([subject], { threshold })[0]!.hits)
        found.push({
          ...base,
          id: stableId('xref', m.id, 'list', h.list, h.entity_id),
          target: 'list',
          target_case_id: null,
          list: h.list,
          entity_id: h.entity_id,
          entity_name: h.name,
          score: h.score,
          explanation: h.features,
        });
    for (const h of index.search(subject, { threshold, limit: 10 })) {
      const { caseId: other, entity } = parties[Number(h.id)]!;
      found.push({
        ...base,
        id: stableId('xref', m.id, 'case', other, entity.id),
        target: 'case',
        target_case_id: other,
        list: null,
        entity_id: entity.id,
        entity_name: entityCaption(entity),
        score: h.score,
        explanation: h.features,
      });
    }
    byDocument.set(m.document_id, found);
  }
  // Only what this user could have found is replaced: another user's results about cases
  // this one may not see stay as they were.
  for (const [doc, xrefs] of byDocument) await replaceXrefs(store.db, caseId, doc, xrefs, others);
  return documentXrefs(store, caseId, opts);
}

/** The cross-references stored for a case (or one document), only those the user may see. */
export async function documentXrefs(
  store: Store,
  caseId: string,
  opts: Omit<XrefOptions, 'threshold'>,
): Promise<Xref[]> {
  const others = opts.visibleCases.filter((c) => c !== caseId);
  return (await listXrefs(store.db, caseId, opts.documentId)).filter(
    (x) => x.target === 'list' || (x.target_case_id !== null && others.includes(x.target_case_id)),
  );
}

/** Decides a cross-reference: the same person or company (match) or not (no_match). */
export async function decideCrossReference(
  store: Store,
  caseId: string,
  id: string,
  decision: 'match' | 'no_match',
  actor: string,
): Promise<Xref> {
  if (!(await decideXref(store.db, caseId, id, decision, actor)))
    throw new ChokepointError('CP_NOT_FOUND', `no cross-reference "${id}" in case ${caseId}`, {
      field: 'id',
      got: id,
    });
  return (await listXrefs(store.db, caseId)).find((x) => x.id === id)!;
}

/** The draft orders of a case (or one document), oldest first. */
export function documentDrafts(
  store: Store,
  caseId: string,
  f: { document_id?: string; state?: string } = {},
): Promise<DraftOrder[]> {
  return listDrafts(store.db, caseId, f);
}

export interface ConfirmResult {
  draft: DraftOrder;
  order: Order;
  likelihood: number;
  flags: ScoredOrder['flags'];
}

/**
 * Confirms a draft: its fields, with the analyst's corrections, become an order through
 * the orders import's own writer (parties resolved to entities, indexed), the document is
 * its source (page 1, credibility 3), and the case's orders are scored as `flags score`
 * scores them. A field the order needs and the paper lacks is refused, named.
 */
export async function confirmDraft(
  store: Store,
  caseId: string,
  draftId: string,
  opts: { set?: Record<string, unknown>; actor: string },
): Promise<ConfirmResult> {
  const draft = await getDraft(store.db, caseId, draftId);
  if (!draft)
    throw new ChokepointError('CP_NOT_FOUND', `no draft order "${draftId}" in case ${caseId}`, {
      field: 'draft_id',
      got: draftId,
    });
  if (draft.state !== 'draft')
    throw new ChokepointError('CP_CONFLICT', `draft "${draftId}" is already ${draft.state}`, {
      field: 'draft_id',
    });
  const fields = { ...draft.fields, ...opts.set };
  fields.order_id ??= `ORD-${draft.document_id.replace(/^doc-/, '').slice(0, 12)}`;
  const parsed = OrderSchema.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChokepointError(
      'CP_BAD_DRAFT',
      `the draft order cannot be an order: ${issue.message}`,
      {
        file: draftId,
        field: issue.path.join('.') || undefined,
        expected:
          'every field an order needs (seller and buyer at least); give it with --set FIELD=VALUE',
      },
    );
  }
  const order = parsed.data;
  const doc = await documentOf(store, caseId, draft.document_id);
  await confirmDraftAsOrder(store.db, caseId, draftId, {
    order,
    source: documentSource(doc),
    link: {
      record_kind: 'order',
      record_id: order.order_id,
      source_id: doc.id,
      credibility: 3,
      page: '1',
      excerpt: null,
    },
    decided_by: opts.actor,
  });
  const scored = await scoreCaseOrders(store, { caseId });
  const mine = scored.scores.find((s) => s.order_id === order.order_id)!;
  return {
    draft: (await getDraft(store.db, caseId, draftId))!,
    order,
    likelihood: mine.likelihood,
    flags: mine.flags,
  };
}

/** Discards a draft: kept as discarded, so extracting the document again does not propose it. */
export async function discardDraft(
  store: Store,
  caseId: string,
  draftId: string,
  actor: string,
): Promise<DraftOrder> {
  const draft = await getDraft(store.db, caseId, draftId);
  if (!draft)
    throw new ChokepointError('CP_NOT_FOUND', `no draft order "${draftId}" in case ${caseId}`, {
      field: 'draft_id',
      got: draftId,
    });
  await decideDraft(store.db, caseId, draftId, {
    state: 'discarded',
    order_id: null,
    fields: draft.fields,
    decided_by: actor,
  });
  return (await getDraft(store.db, caseId, draftId))!;
}
