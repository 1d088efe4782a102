import type { Command } from 'commander';
import {
  aliasesInForce,
  armsComposition,
  armsLinks,
  armsTimeline,
  seizuresTogether,
  serialSearch,
} from '../../app/arms.ts';
import {
  COMPOSITION_DIMENSIONS,
  type CompositionDimension,
  type CompositionGroup,
} from '../../arms/composition.ts';
import { LINK_KINDS, type Link, type LinkKind } from '../../arms/links.ts';
import { ALIAS_KINDS, isAliasKind } from '../../arms/normalise.ts';
import { ITEM_CATEGORIES } from '../../arms/schema.ts';
import { ChokepointError } from '../../core/errors.ts';
import { deleteAlias, setAlias } from '../../store/arms.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { progressBar } from '../progress.ts';

function checkCategory(category: string | undefined): string {
  const c = (category ?? 'weapon').trim().toLowerCase();
  if (c !== 'all' && !(ITEM_CATEGORIES as readonly string[]).includes(c)) {
    throw new ChokepointError('CP_BAD_OPTION', `unknown category "${category}"`, {
      field: 'category',
      expected: `all or one of ${ITEM_CATEGORIES.join(', ')}`,
    });
  }
  return c;
}

const pct = (x: number | null) =>
  x === null ? '' : `${(x * 100).toFixed(x !== 0 && x < 0.001 ? 3 : 1)} %`;
const sci = (p: number | null, log10: number | null) => {
  if (p === null || log10 === null) return '';
  if (p === 0 || p < 1e-4) {
    // From log10 p, so that p below the smallest double still prints.
    const exp = Math.floor(log10);
    return `${(10 ** (log10 - exp)).toFixed(1)}e${exp}`;
  }
  return p.toPrecision(2);
};

function groupRows(groups: CompositionGroup[]) {
  return groups.map((g) => ({
    group: g.label,
    count: g.count,
    share: pct(g.share),
    baseline:
      g.baseline_share === null
        ? ''
        : `${pct(g.baseline_share)}${g.baseline_missing ? ' (absent)' : ''}`,
    lift: g.lift === null ? '' : g.lift >= 10 ? g.lift.toFixed(0) : g.lift.toFixed(2),
    p: sci(g.p_value, g.log10_p),
    seizures: g.seizures_present ?? '',
  }));
}

export function register(program: Command): void {
  const arms = program
    .command('arms')
    .description('seizures item by item: composition against a baseline, links between seizures');

  common(
    arms
      .command('composition')
      .description(
        'counts and shares per seizure and overall, against the baseline, ranked by surprise',
      )
      .option('--by <dimension>', COMPOSITION_DIMENSIONS.join(' | '), 'model')
      .option(
        '--within-type <type>',
        'only items of this type (e.g. assault_rifle), here and in the baseline',
      )
      .option(
        '--category <category>',
        `items counted: all or one of ${ITEM_CATEGORIES.join(', ')}`,
        'weapon',
      )
      .option('--seizure <id>', 'only this seizure')
      .option('--top <n>', 'rows per table in text output', '10'),
  ).action(
    async (
      opts: CommonOptions & {
        by: string;
        withinType?: string;
        category?: string;
        seizure?: string;
        top: string;
      },
    ) => {
      if (!(COMPOSITION_DIMENSIONS as readonly string[]).includes(opts.by)) {
        throw new ChokepointError('CP_BAD_OPTION', `cannot group by "${opts.by}"`, {
          field: 'by',
          expected: COMPOSITION_DIMENSIONS.join(', '),
        });
      }
      const category = checkCategory(opts.category);
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const bar = progressBar('arms composition');
        const c = await armsComposition(store, {
          caseId: opts.case!,
          by: opts.by as CompositionDimension,
          withinType: opts.withinType ?? null,
          category,
          seizureId: opts.seizure ?? null,
          onProgress: (d, t, l) => bar.update(d, t, l),
        });
        bar.finish();
        if (opts.json) return outJson(c);
        const top = Math.max(1, Number(opts.top) || 10);
        const scope = c.within_type
          ? `${c.within_type} items`
          : c.category === 'all'
            ? 'items'
            : `${c.category} items`;
        const parts: string[] = [];
        parts.push(
          `Composition by ${c.by} of ${scope}` +
            (c.baseline.compared
              ? ` against a baseline of ${c.baseline.total}`
              : ` (${c.baseline.note ?? 'no baseline'})`) +
            '; p = one-sided exact binomial P(X ≥ count)',
        );
        parts.push(`\nAll ${c.overall.seizures} seizure(s): ${c.overall.total} ${scope}`);
        parts.push(table(groupRows(c.overall.groups.slice(0, top))));
        for (const s of c.seizures) {
          parts.push(
            `\n${s.seizure_id}${s.place ? ` — ${s.place}` : ''}${s.seizure_date ? ` (${s.seizure_date})` : ''}: ${s.total} ${scope}`,
          );
          parts.push(
            table(groupRows(s.groups.slice(0, top)), [
              'group',
              'count',
              'share',
              'baseline',
              'lift',
              'p',
            ]),
          );
        }
        out(parts.join('\n'));
      });
    },
  );

  common(
    arms
      .command('links')
      .description(
        'cross-seizure links (component serials, serial runs, ammunition lots) with their evidence, and clusters of seizures',
      )
      .option('--max-gap <n>', 'largest gap between serials still read as one batch', '25')
      .option('--min-strength <s>', 'links below this strength do not join clusters', '0.5')
      .option('--kind <kind>', `only links of this kind (${LINK_KINDS.join(', ')})`)
      .option(
        '--together <ids>',
        'were these seizures (comma-separated ids) supplied from one source? prints the answer and the links among them',
      ),
  ).action(
    async (
      opts: CommonOptions & {
        maxGap: string;
        minStrength: string;
        kind?: string;
        together?: string;
      },
    ) => {
      const maxGap = Number(opts.maxGap);
      const minStrength = Number(opts.minStrength);
      if (!Number.isInteger(maxGap) || maxGap < 0)
        throw new ChokepointError('CP_BAD_OPTION', 'bad --max-gap', {
          field: 'max-gap',
          expected: 'a whole number ≥ 0',
          got: opts.maxGap,
        });
      if (!(minStrength >= 0 && minStrength <= 1))
        throw new ChokepointError('CP_BAD_OPTION', 'bad --min-strength', {
          field: 'min-strength',
          expected: 'a number from 0 to 1',
          got: opts.minStrength,
        });
      if (opts.kind && !(LINK_KINDS as readonly string[]).includes(opts.kind)) {
        throw new ChokepointError('CP_BAD_OPTION', `unknown link kind "${opts.kind}"`, {
          field: 'kind',
          expected: LINK_KINDS.join(', '),
        });
      }
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const bar = progressBar('arms links');
        const onProgress = (d: number, t: number, l: string) => bar.update(d, t, l);
        if (opts.together) {
          const ids = opts.together
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          const t = await seizuresTogether(store, {
            caseId: opts.case!,
            seizureIds: ids,
            maxGap,
            minStrength,
            onProgress,
          }).finally(() => bar.finish());
          if (opts.json) return outJson(t);
          out(
            t.together
              ? `yes: ${ids.join(', ')} are in cluster ${t.cluster_id} (${t.cluster_seizures!.join(', ')}), tied by ${t.links.length} link(s)`
              : `no: ${ids.join(', ')} are not tied together by the links found (${t.links.length} link(s) among some of them)`,
          );
          if (t.links.length) out(linkLines(t.links));
          return;
        }
        const report = await armsLinks(store, {
          caseId: opts.case!,
          kind: opts.kind as LinkKind | undefined,
          maxGap,
          minStrength,
          onProgress,
        });
        bar.finish();
        const { links } = report;
        if (opts.json) return outJson(report);
        out(`${links.length} link(s)`);
        if (links.length) out(linkLines(links));
        out(
          `\n${report.clusters.length} cluster(s) of seizures (links of strength ≥ ${minStrength})`,
        );
        out(
          table(
            report.clusters.map((c) => ({
              cluster: c.cluster_id,
              seizures: c.seizures.join(', '),
              links: c.links,
              kinds: Object.entries(c.kinds)
                .map(([k, v]) => `${k}:${v}`)
                .join(' '),
              weight: c.weight,
            })),
          ),
        );
        if (report.isolated.length) out(`\nsharing nothing: ${report.isolated.join(', ')}`);
      });
    },
  );

  common(
    arms
      .command('search')
      .description(
        "partial-serial search over every documented item: --serial 'AK47*12' (* any run, ? one character; spaces, dashes and case ignored)",
      )
      .requiredOption('--serial <pattern>', 'glob over serial numbers')
      .option('--lots', 'also match ammunition lots'),
  ).action(async (opts: CommonOptions & { serial: string; lots?: boolean }) => {
    if (!/[A-Za-z0-9]/.test(opts.serial))
      throw new ChokepointError('CP_BAD_OPTION', 'the pattern has no letter or digit', {
        field: 'serial',
        expected: "e.g. 'AK47*12'",
        got: opts.serial,
      });
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const hits = await serialSearch(store, {
        caseId: opts.case!,
        pattern: opts.serial,
        lots: opts.lots,
      });
      if (opts.json) return outJson({ pattern: opts.serial, hits });
      out(
        table(hits as unknown as Record<string, unknown>[], [
          'item_id',
          'seizure_id',
          'category',
          'type',
          'model',
          'serial_number',
          'lot',
          'parent_item_id',
        ]),
      );
    });
  });

  common(
    arms
      .command('timeline')
      .description(
        'years from manufacture to seizure, per item and summarised (min, quartiles, median, max) by model or country',
      )
      .option('--by <dimension>', 'model | country', 'model')
      .option(
        '--category <category>',
        'items counted (default weapon; all for every category)',
        'weapon',
      )
      .option('--within-type <type>', 'only items of this type')
      .option('--items', 'also list every item in text output'),
  ).action(
    async (
      opts: CommonOptions & { by: string; category?: string; withinType?: string; items?: boolean },
    ) => {
      if (opts.by !== 'model' && opts.by !== 'country')
        throw new ChokepointError('CP_BAD_OPTION', `cannot group by "${opts.by}"`, {
          field: 'by',
          expected: 'model, country',
        });
      const category = checkCategory(opts.category);
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const t = await armsTimeline(store, {
          caseId: opts.case!,
          by: opts.by as 'model' | 'country',
          category,
          withinType: opts.withinType ?? null,
        });
        if (opts.json) return outJson(t);
        out(
          `Years from manufacture to seizure (${t.items.length} dated item row(s), ${t.undated} undated)`,
        );
        out(
          table(
            [...t.groups, ...(t.overall ? [t.overall] : [])] as unknown as Record<
              string,
              unknown
            >[],
            ['label', 'quantity', 'min', 'q1', 'median', 'q3', 'max'],
          ),
        );
        if (t.inconsistent.length)
          out(`\nmade after their seizure (check the data): ${t.inconsistent.join(', ')}`);
        if (opts.items)
          out(
            `\n${table(t.items as unknown as Record<string, unknown>[], ['item_id', 'seizure_id', 'model', 'country_of_manufacture', 'year_of_manufacture', 'seizure_date', 'years', 'quantity'])}`,
          );
      });
    },
  );

  common(
    arms
      .command('aliases')
      .description(
        'the name mapping in force: list [--kind K] | set KIND ALIAS CANONICAL | delete KIND ALIAS (kinds: model, manufacturer, country, calibre)',
      )
      .argument('[action]', 'list (default), set or delete', 'list')
      .argument('[args...]', 'KIND ALIAS [CANONICAL]')
      .option('--kind <kind>', 'list only this kind')
      .option('--stored', 'list only the aliases stored in the database (not the built-in ones)'),
  ).action(
    async (
      action: string,
      args: string[],
      opts: CommonOptions & { kind?: string; stored?: boolean },
    ) => {
      const kindOk = (k: string | undefined): string => {
        if (!k || !isAliasKind(k))
          throw new ChokepointError('CP_BAD_OPTION', `unknown alias kind "${k ?? ''}"`, {
            field: 'kind',
            expected: ALIAS_KINDS.join(', '),
          });
        return k;
      };
      await withStore(opts, async (store) => {
        if (action === 'list') {
          if (opts.kind) kindOk(opts.kind);
          const entries = (await aliasesInForce(store))
            .entries()
            .filter(
              (e) => (!opts.kind || e.kind === opts.kind) && (!opts.stored || e.source === 'store'),
            )
            .map(({ kind, alias, canonical, source }) => ({ kind, alias, canonical, source }));
          if (opts.json) return outJson({ aliases: entries });
          return out(table(entries));
        }
        if (action === 'set') {
          const [kind, alias, canonical] = args;
          kindOk(kind);
          if (!alias?.trim() || !canonical?.trim())
            throw new ChokepointError('CP_BAD_OPTION', 'set needs KIND ALIAS CANONICAL', {
              field: 'alias',
              expected: 'e.g. set model "T-68" "Type 68"',
            });
          await setAlias(store.db, kind!, alias.trim(), canonical.trim());
          if (opts.json)
            return outJson({ set: { kind, alias: alias.trim(), canonical: canonical.trim() } });
          return out(`${kind} "${alias.trim()}" → "${canonical.trim()}"`);
        }
        if (action === 'delete') {
          const [kind, alias] = args;
          kindOk(kind);
          if (!alias?.trim())
            throw new ChokepointError('CP_BAD_OPTION', 'delete needs KIND ALIAS', {
              field: 'alias',
            });
          const n = await deleteAlias(store.db, kind!, alias.trim());
          if (n === 0)
            throw new ChokepointError(
              'CP_NOT_FOUND',
              `no stored ${kind} alias "${alias.trim()}" (built-in aliases are overridden with set, not deleted)`,
              { field: 'alias' },
            );
          if (opts.json) return outJson({ deleted: { kind, alias: alias.trim() } });
          return out(`deleted ${kind} alias "${alias.trim()}"`);
        }
        throw new ChokepointError('CP_BAD_OPTION', `unknown action "${action}"`, {
          field: 'action',
          expected: 'list, set or delete',
        });
      });
    },
  );
}

/** One link per paragraph: the table helper would cut the evidence short. */
function linkLines(links: Link[]): string {
  return links
    .map(
      (l) =>
        `${l.id}  ${l.kind}  strength ${l.strength}  [${l.seizures.join(', ')}]\n    ${String(l.evidence.reading ?? '')}\n    items: ${l.items.slice(0, 12).join(', ')}${l.items.length > 12 ? ` … (+${l.items.length - 12})` : ''}`,
    )
    .join('\n');
}
