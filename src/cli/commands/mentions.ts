import type { Command } from 'commander';
import { osUser, recordCliAction } from '../../app/audit.ts';
import { importMapped } from '../../app/mapped.ts';
import {
  acceptMention,
  allCaseIds,
  confirmDraft,
  crossReference,
  decideCrossReference,
  discardDraft,
  documentDrafts,
  documentMentions,
  documentXrefs,
  extractDocumentMentions,
  rejectMention,
} from '../../app/mentions.ts';
import { ChokepointError } from '../../core/errors.ts';
import { RECORD_KINDS } from '../../core/provenance.ts';
import {
  MENTION_KINDS,
  MENTION_STATES,
  mentionLine,
  type MentionState,
} from '../../documents/mentions/schema.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  outJsonLines,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { progressBar } from '../progress.ts';

/**
 * `chokepoint documents mentions|extract|accept|reject|drafts|confirm|discard|xref|decide`
 * (issue 21, items 3–5), added to the documents command; and `import mapped --mapping`.
 */

function oneOf<T extends string>(
  v: string | undefined,
  all: readonly T[],
  field: string,
): T | undefined {
  if (v === undefined) return undefined;
  if (!(all as readonly string[]).includes(v))
    throw new ChokepointError('CP_BAD_OPTION', `unknown ${field} "${v}"`, {
      field,
      expected: all.join(', '),
    });
  return v as T;
}

/** `--set field=value` pairs, repeatable. */
function pairs(specs: string[]): Record<string, string> {
  const outp: Record<string, string> = {};
  for (const s of specs) {
    const at = s.indexOf('=');
    if (at < 1)
      throw new ChokepointError('CP_BAD_OPTION', `bad --set "${s}"`, {
        field: 'set',
        expected: 'FIELD=VALUE',
      });
    outp[s.slice(0, at)] = s.slice(at + 1);
  }
  return outp;
}

const collect = (v: string, all: string[]) => [...all, v];

/** `import mapped --mapping m.yml FILE…`: each file all or nothing, through the one mapping. */
export async function importMappedFiles(
  files: string[],
  opts: CommonOptions & { mapping?: string },
): Promise<void> {
  if (!opts.mapping)
    throw new ChokepointError('CP_BAD_OPTION', 'import mapped needs --mapping FILE', {
      field: 'mapping',
      expected: 'a YAML or JSON mapping file (see examples/)',
    });
  await withStore(opts, async (store) => {
    const results = [];
    for (const file of files) {
      const audit = { action: 'import', caseId: opts.case, target: file };
      const r = await importMapped(store, {
        caseId: opts.case!,
        mapping: { path: opts.mapping! },
        file: { path: file },
      }).catch(async (e: unknown) => {
        await recordCliAction(store, {
          ...audit,
          detail: { kind: 'mapped', refused: (e as { code?: unknown }).code ?? 'error' },
        });
        throw e;
      });
      await recordCliAction(store, { ...audit, detail: { kind: 'mapped', rows: r.rows } });
      for (const w of r.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
      results.push(r);
      if (!opts.json)
        out(
          `imported ${r.entities} entities, ${r.orders} orders, ${r.incidents} incidents from ${r.rows} row(s) of ${r.file} into case ${r.case_id}`,
        );
    }
    if (opts.json) outJson({ imported: results });
  });
}

export function register(program: Command): void {
  const importCmd = program.commands.find((c) => c.name() === 'import');
  importCmd?.option(
    '--mapping <file>',
    'import mapped: the mapping file (YAML or JSON) of the columns',
  );

  const docs =
    program.commands.find((c) => c.name() === 'documents') ??
    program.command('documents').description('documents');

  common(
    docs
      .command('mentions')
      .description(
        `the mentions found on a document's pages, in page order (JSON lines with --json); kinds: ${MENTION_KINDS.join(', ')}`,
      )
      .argument('<id>', 'document id')
      .option('--state <state>', MENTION_STATES.join(', '))
      .option('--kind <kind>', 'only this kind (repeatable)', collect, [] as string[]),
  ).action(async (id: string, o: CommonOptions & { state?: string; kind: string[] }) => {
    await withStore(o, async (store) => {
      await assertCase(store, o.case!);
      for (const k of o.kind) oneOf(k, MENTION_KINDS, 'kind');
      const ms = await documentMentions(store, o.case!, id, {
        state: oneOf<MentionState>(o.state, MENTION_STATES, 'state'),
        kinds: o.kind,
      });
      if (o.json) return outJsonLines(ms.map(mentionLine));
      if (ms.length === 0) return out('(no mentions)');
      out(
        table(
          ms.map((m) => ({ ...m, entity: m.entity_id ?? '' })),
          ['id', 'page', 'kind', 'text', 'normalized', 'entity', 'state'],
        ),
      );
    });
  });

  common(
    docs
      .command('extract')
      .description(
        'read documents again for mentions and draft orders (decided mentions stay decided)',
      )
      .argument('<id...>', 'document ids'),
  ).action(async (ids: string[], o: CommonOptions) => {
    await withStore(o, async (store) => {
      await assertCase(store, o.case!);
      const results = [];
      for (const id of ids) {
        const bar = progressBar(`mentions ${id}`);
        const r = await extractDocumentMentions(store, o.case!, id, {
          progress: (d, t, l) => bar.update(d, t, l),
          signal: new AbortController().signal,
        });
        bar.finish();
        results.push(r);
        if (!o.json)
          out(
            `${id}: ${r.proposed} mention(s) proposed${r.draft ? `, draft ${r.draft.kind} ${r.draft.id}` : ''}`,
          );
      }
      if (o.json) outJson({ documents: results });
    });
  });

  common(
    docs
      .command('accept')
      .description(
        "accept a mention as evidence: the record's sources then show the document and page, graded",
      )
      .argument('<mention-id>', 'mention id')
      .option(
        '--record-kind <kind>',
        `what it supports: ${RECORD_KINDS.join(', ')} (default entity)`,
      )
      .option('--record-id <id>', 'the record (default: the entity the mention names)')
      .option('--credibility <n>', 'Admiralty credibility 1–6 of what the page says (default 3)'),
  ).action(
    async (
      id: string,
      o: CommonOptions & { recordKind?: string; recordId?: string; credibility?: string },
    ) => {
      await withStore(o, async (store) => {
        const m = await acceptMention(
          store,
          o.case!,
          id,
          {
            record_kind: oneOf(o.recordKind, RECORD_KINDS, 'record-kind'),
            record_id: o.recordId,
            credibility: o.credibility === undefined ? undefined : Number(o.credibility),
          },
          osUser(),
        );
        await recordCliAction(store, {
          action: 'mention.accept',
          caseId: o.case,
          target: id,
          detail: { record_id: m.record_id },
        });
        if (o.json) return outJson(mentionLine(m));
        out(
          `accepted "${m.text}" as evidence for ${m.record_kind} ${m.record_id} (${m.document_id}, page ${m.page})`,
        );
      });
    },
  );

  common(
    docs
      .command('reject')
      .description('reject a mention (remembered: reading the document again does not propose it)')
      .argument('<mention-id>', 'mention id'),
  ).action(async (id: string, o: CommonOptions) => {
    await withStore(o, async (store) => {
      const m = await rejectMention(store, o.case!, id, osUser());
      await recordCliAction(store, { action: 'mention.reject', caseId: o.case, target: id });
      if (o.json) return outJson(mentionLine(m));
      out(`rejected "${m.text}"`);
    });
  });

  common(
    docs
      .command('drafts')
      .description('draft orders read from invoices, proformas and packing lists')
      .option('--document <id>', 'of this document only')
      .option('--state <state>', 'draft, confirmed or discarded'),
  ).action(async (o: CommonOptions & { document?: string; state?: string }) => {
    await withStore(o, async (store) => {
      await assertCase(store, o.case!);
      const ds = await documentDrafts(store, o.case!, { document_id: o.document, state: o.state });
      if (o.json) return outJsonLines(ds);
      if (ds.length === 0) return out('(no drafts)');
      out(
        table(
          ds.map((d) => ({ ...d, ...d.fields, order: d.order_id ?? '' })),
          [
            'id',
            'kind',
            'state',
            'document_id',
            'seller',
            'buyer',
            'goods',
            'value',
            'currency',
            'order',
          ],
        ),
      );
    });
  });

  common(
    docs
      .command('confirm')
      .description(
        'confirm a draft: it becomes an order (as an orders import makes it) and is scored',
      )
      .argument('<draft-id>', 'draft id')
      .option(
        '--set <field=value>',
        'correct or add a field of the order (repeatable)',
        collect,
        [] as string[],
      ),
  ).action(async (id: string, o: CommonOptions & { set: string[] }) => {
    await withStore(o, async (store) => {
      const r = await confirmDraft(store, o.case!, id, { set: pairs(o.set), actor: osUser() });
      await recordCliAction(store, {
        action: 'draft.confirm',
        caseId: o.case,
        target: id,
        detail: { order_id: r.order.order_id },
      });
      if (o.json) return outJson(r);
      out(`order ${r.order.order_id}: likelihood ${r.likelihood.toFixed(3)}`);
      for (const f of r.flags) out(`  ${f.code} (${f.weight}): ${JSON.stringify(f.evidence)}`);
    });
  });

  common(
    docs.command('discard').description('discard a draft order').argument('<draft-id>', 'draft id'),
  ).action(async (id: string, o: CommonOptions) => {
    await withStore(o, async (store) => {
      const d = await discardDraft(store, o.case!, id, osUser());
      if (o.json) return outJson(d);
      out(`discarded ${d.id}`);
    });
  });

  common(
    docs
      .command('xref')
      .description(
        "cross-reference documents' person and company mentions against the loaded lists and the other cases (JSON lines with --json)",
      )
      .argument('[id]', 'one document (default: every document of the case)')
      .option('--threshold <t>', 'lowest score kept, 0–1 (default 0.75)')
      .option('--stored', 'show the stored results and their decisions without matching again'),
  ).action(
    async (id: string | undefined, o: CommonOptions & { threshold?: string; stored?: boolean }) => {
      await withStore(o, async (store) => {
        await assertCase(store, o.case!);
        const t = o.threshold === undefined ? undefined : Number(o.threshold);
        if (t !== undefined && !(t >= 0 && t <= 1))
          throw new ChokepointError('CP_BAD_OPTION', `bad threshold "${o.threshold}"`, {
            field: 'threshold',
            expected: 'a number from 0 to 1',
          });
        const visibleCases = await allCaseIds(store);
        const xs = o.stored
          ? await documentXrefs(store, o.case!, { documentId: id, visibleCases })
          : await crossReference(store, o.case!, { documentId: id, visibleCases, threshold: t });
        if (o.json) return outJsonLines(xs);
        if (xs.length === 0) return out('(no cross-references)');
        out(
          table(
            xs.map((x) => ({
              ...x,
              where: x.target === 'list' ? `list ${x.list}` : `case ${x.target_case_id}`,
              score: x.score.toFixed(3),
              decision: x.decision ?? '',
            })),
            ['id', 'document_id', 'page', 'name', 'entity_name', 'where', 'score', 'decision'],
          ),
        );
      });
    },
  );

  common(
    docs
      .command('decide')
      .description('decide a cross-reference: match or no_match')
      .argument('<xref-id>', 'cross-reference id')
      .argument('<decision>', 'match or no_match'),
  ).action(async (id: string, decision: string, o: CommonOptions) => {
    await withStore(o, async (store) => {
      const x = await decideCrossReference(
        store,
        o.case!,
        id,
        oneOf(decision, ['match', 'no_match'] as const, 'decision')!,
        osUser(),
      );
      await recordCliAction(store, {
        action: 'xref.decide',
        caseId: o.case,
        target: id,
        detail: { decision },
      });
      if (o.json) return outJson(x);
      out(`${x.name} ↔ ${x.entity_name}: ${x.decision}`);
    });
  });
}
