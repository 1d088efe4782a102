import { basename } from 'node:path';
import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { dedupeParties } from '../../app/screening.ts';
import type { MatchJobInput, MatchJobResult } from '../../jobs/handlers/match.ts';
import type { ScreenJobInput, ScreenJobResult } from '../../jobs/handlers/screen.ts';
import { readNameRows, type NameRow } from '../../resolve/csv.ts';
import type { Features } from '../../resolve/features.ts';
import { DEFAULT_THRESHOLD } from '../../resolve/match.ts';
import type { NameCluster, ScoredPair } from '../../resolve/schema.ts';
import { listLists, setSanctionsListName } from '../../store/lists.ts';
import { listMerges, revertMerge } from '../../store/merges.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  outJsonLines,
  readInput,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { runInForeground } from '../foreground.ts';
import { progressBar } from '../progress.ts';

function threshold(v: string | undefined): number {
  if (v === undefined) return DEFAULT_THRESHOLD;
  const t = Number(v);
  if (!Number.isFinite(t) || t < 0 || t > 1) {
    throw new ChokepointError('CP_BAD_OPTION', 'bad threshold', {
      field: 'threshold',
      expected: 'a number between 0 and 1',
      got: v,
    });
  }
  return t;
}

async function readNames(file: string): Promise<NameRow[]> {
  const text = await readInput(file);
  return readNameRows(text, file === '-' ? 'stdin' : basename(file));
}

/** The two or three strongest features, for human output. */
function why(features: Features): string {
  return Object.entries(features)
    .sort((a, b) => Math.abs(b[1].value * b[1].weight) - Math.abs(a[1].value * a[1].weight))
    .slice(0, 3)
    .map(([k, f]) => `${k}=${f.value}`)
    .join(' ');
}

/** Commands of the resolve domain: match, screen, and the names group (lists, dedupe, merges). */
export function register(program: Command): void {
  // `import sanctions --list NAME`: the generic import command gains the option here.
  const importCmd = program.commands.find((c) => c.name() === 'import');
  if (importCmd) {
    importCmd.option(
      '--list <name>',
      'for `import sanctions`: the list to load into (default from the format, e.g. un-sc-consolidated, us-ofac-sdn)',
    );
    importCmd.hook('preAction', (cmd) => {
      const o = cmd.opts<{ list?: string }>();
      setSanctionsListName(o.list ?? null);
    });
  }

  common(
    program
      .command('match')
      .description(
        'match names: pairs within one CSV, or each left record against the right CSV (CSV: id,name[,schema,aliases,country,city,birth_date,email,phone,address,registration_number])',
      )
      .argument('<left>', 'CSV of records ("-" for stdin)')
      .argument('[right]', 'CSV of records to match the left ones against')
      .option('--threshold <t>', `lowest score reported, 0–1 (default ${DEFAULT_THRESHOLD})`)
      .option('--clusters', 'print clusters of records taken as one entity instead of pairs')
      .option('--singletons', 'with --clusters, also print records that matched nothing'),
  ).action(
    async (
      left: string,
      right: string | undefined,
      opts: CommonOptions & { threshold?: string; clusters?: boolean; singletons?: boolean },
    ) => {
      const t = threshold(opts.threshold);
      const input: MatchJobInput = {
        left: await readNames(left),
        right: right ? await readNames(right) : undefined,
        threshold: t,
        clusters: opts.clusters ?? false,
        singletons: opts.singletons ?? false,
      };
      // Matching reads no database: the job runs without one.
      const { result: answer } = await runInForeground<MatchJobResult>(
        null,
        'names.match',
        input,
        'match',
      );
      // Rows with nothing to match on are left out, not the file refused: said on stderr.
      for (const s of answer.skipped)
        process.stderr.write(`skipped ${s.side} record "${s.id}": ${s.reason}\n`);
      if (opts.json) return outJsonLines(answer.items);
      if (opts.clusters)
        return out(
          table(
            (answer.items as NameCluster[]).map((c) => ({
              cluster_id: c.cluster_id,
              size: c.members.length,
              members: c.members.join(' '),
            })),
          ),
        );
      out(
        table(
          (answer.items as ScoredPair[]).map((p) => ({
            left_id: p.left_id,
            right_id: p.right_id,
            score: p.score,
            why: why(p.features),
          })),
        ),
      );
    },
  );

  common(
    program
      .command('screen')
      .description(
        'screen names against imported sanctions lists: a CSV of names, or every party entity of the case',
      )
      .argument('[names]', 'CSV of names (id,name,…); without it, the parties of the case')
      .option('--threshold <t>', `lowest score reported, 0–1 (default ${DEFAULT_THRESHOLD})`)
      .option('--list <name...>', 'screen against these lists only (default: all imported lists)')
      .option('--limit <n>', 'hits per name (default 10)')
      .option('--hits-only', 'print only names with hits'),
  ).action(
    async (
      file: string | undefined,
      opts: CommonOptions & {
        threshold?: string;
        list?: string[];
        limit?: string;
        hitsOnly?: boolean;
      },
    ) => {
      const t = threshold(opts.threshold);
      const limit = opts.limit === undefined ? 10 : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new ChokepointError('CP_BAD_OPTION', 'bad limit', {
          field: 'limit',
          expected: 'a whole number ≥ 1',
          got: opts.limit,
        });
      const names = file ? await readNames(file) : undefined;
      await withStore(opts, async (store) => {
        if (!names) await assertCase(store, opts.case!);
        const input: ScreenJobInput = {
          names,
          case_id: opts.case!,
          lists: opts.list,
          threshold: t,
          limit,
        };
        const { result } = await runInForeground<ScreenJobResult>(
          store,
          'names.screen',
          input,
          'screen',
        );
        let results = result.items;
        if (opts.hitsOnly) results = results.filter((r) => r.hits.length > 0);
        if (opts.json) outJsonLines(results);
        else {
          const rows: Record<string, unknown>[] = results.flatMap((r): Record<string, unknown>[] =>
            r.hits.length === 0
              ? [{ id: r.id, name: r.name, hit: '', list: '', published: '', score: null, why: '' }]
              : r.hits.map((h) => ({
                  id: r.id,
                  name: r.name,
                  hit: h.name,
                  list: h.list,
                  published: h.list_published ?? '',
                  score: h.score,
                  why: why(h.features),
                })),
          );
          out(table(rows));
          const withHits = results.filter((r) => r.hits.length > 0).length;
          out(`${withHits} of ${results.length} name(s) with hits at threshold ${t}`);
        }
      });
    },
  );

  const names = program.command('names').description('sanctions lists and entity deduplication');

  common(names.command('lists').description('imported sanctions lists')).action(
    async (opts: CommonOptions) => {
      await withStore(opts, async (store) => {
        const lists = await listLists(store.db);
        if (opts.json) outJson(lists);
        else out(table(lists.map((l) => ({ ...l }))));
      });
    },
  );

  common(
    names
      .command('dedupe')
      .description(
        'propose (or, with --apply, record) merges of party entities of the case that name the same person or company',
      )
      .option(
        '--threshold <t>',
        `lowest pair score that joins two entities (default ${DEFAULT_THRESHOLD})`,
      )
      .option('--apply', 'record the proposed merges (reversible with `names split`)'),
  ).action(async (opts: CommonOptions & { threshold?: string; apply?: boolean }) => {
    const t = threshold(opts.threshold);
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const bar = progressBar('dedupe');
      const results = await dedupeParties(store, {
        caseId: opts.case!,
        threshold: t,
        apply: opts.apply,
        onProgress: (d, n, l) => bar.update(d, n, l),
      });
      bar.finish();
      if (opts.json) outJsonLines(results);
      else {
        out(
          table(
            results.map((r) => ({
              merge_id: r.merge_id ?? '(proposed)',
              canonical_id: r.canonical_id,
              members: r.members.join(' '),
            })),
          ),
        );
        if (!opts.apply && results.length > 0) out('run again with --apply to record these merges');
      }
    });
  });

  common(
    names
      .command('merges')
      .description('recorded entity merges')
      .option('--all', 'include reverted merges'),
  ).action(async (opts: CommonOptions & { all?: boolean }) => {
    await withStore(opts, async (store) => {
      const merges = await listMerges(store.db, opts.case!, { includeReverted: opts.all });
      if (opts.json) outJsonLines(merges);
      else
        out(
          table(
            merges.map((m) => ({
              id: m.id,
              canonical_id: m.canonical_id,
              members: m.member_ids.join(' '),
              created_at: m.created_at,
              reverted_at: m.reverted_at,
            })),
          ),
        );
    });
  });

  common(names.command('split').description('undo a recorded merge').argument('<merge_id>')).action(
    async (id: string, opts: CommonOptions) => {
      await withStore(opts, async (store) => {
        const m = await revertMerge(store.db, opts.case!, id);
        if (opts.json) outJson(m);
        else out(`merge ${m.id} reverted: ${m.member_ids.join(', ')} are separate again`);
      });
    },
  );
}
