import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  orderDetail,
  orderHistory,
  reviewOrder,
  reviewQueue,
  scoreOrdersCsv,
} from '../../app/orders.ts';
import {
  DEFAULT_RULE_SET_NAME,
  inShippedRules,
  listRuleSets,
  resolveRules,
} from '../../app/rules.ts';
import { ChokepointError } from '../../core/errors.ts';
import { explainFlags } from '../../flags/explain.ts';
import type { CalibrateJobInput, CalibrateJobResult } from '../../jobs/handlers/flags-calibrate.ts';
import type { ScoreJobInput, ScoreJobResult } from '../../jobs/handlers/flags-score.ts';
import type { ScoredOrder } from '../../flags/indicators.ts';
import { REVIEW_STATUSES, type ReviewStatus } from '../../flags/schema.ts';
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

type ScoreOptions = CommonOptions & { orders?: string; rules?: string; limit?: string };

/** The most likely order's flags by name, each with its evidence in words (as `flags show` says them). */
function topReasons(scores: ScoredOrder[]): string {
  const top = scores[0];
  if (!top?.flags.length) return '';
  const lines = explainFlags(top.flags).map((f) => `- ${f.name}: ${f.explanation}`);
  return `\nwhy ${top.order_id} is the most likely (flags show ORDER_ID for any other):\n${lines.join('\n')}\n`;
}

function humanScores(scores: ScoredOrder[], limit: number): string {
  const why = topReasons(scores);
  return why ? `${scoreTable(scores, limit)}\n${why}` : scoreTable(scores, limit);
}

function scoreTable(scores: ScoredOrder[], limit: number): string {
  return table(
    scores.slice(0, limit).map((s) => ({
      order_id: s.order_id,
      likelihood: s.likelihood.toFixed(3),
      flags: s.flags.length,
      indicators: s.flags.map((f) => f.code).join(' '),
    })),
    ['order_id', 'likelihood', 'flags', 'indicators'],
  );
}

function parseStatus(v: string, field: string): ReviewStatus {
  if (!(REVIEW_STATUSES as readonly string[]).includes(v)) {
    throw new ChokepointError('CP_BAD_OPTION', `unknown review status "${v}"`, {
      field,
      expected: REVIEW_STATUSES.join(', '),
      got: v,
    });
  }
  return v as ReviewStatus;
}

/** Commands of the flags domain: score, queue, review, history, calibrate. */
export function register(program: Command): void {
  const flags = program
    .command('flags')
    .description(
      'red-flag scores of orders: every point named with its evidence; review queue; calibration',
    );

  common(
    flags
      .command('score')
      .description(
        'score orders (JSON lines {order_id, likelihood, flags:[{code, weight, evidence}]} with --json, highest first)',
      )
      .option(
        '--orders <file>',
        'score an orders CSV instead of the stored orders (nothing is written to the database)',
      )
      .option(
        '--rules <name|version|file>',
        'a shipped version (v1 …), a stored rule set (its name for the latest, or name@vN; see `flags rules`) or a rules file',
        'v1',
      )
      .option('--limit <n>', 'rows in the human table', '50'),
  ).action(async (opts: ScoreOptions) => {
    if (opts.orders) {
      const text = await readInput(opts.orders);
      // A shipped version or a file needs no database; a stored rule set is read from it.
      const spec = opts.rules ?? 'v1';
      const rules =
        /^v\d+$/.test(spec) || existsSync(spec)
          ? await resolveRules(null, spec, { files: true })
          : await withStore(opts, (store) => resolveRules(store, spec, { files: true }));
      const scores = scoreOrdersCsv(text, opts.orders, rules);
      if (opts.json) return outJsonLines(scores);
      return out(
        `${humanScores(scores, Number(opts.limit) || 50)}\n${scores.length} order(s) scored with rules ${rules.version}`,
      );
    }
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const input: ScoreJobInput = { case_id: opts.case!, rules: opts.rules, files: true };
      const { result: r } = await runInForeground<ScoreJobResult>(
        store,
        'flags.score',
        input,
        'flags score',
      );
      if (opts.json) return outJsonLines(r.scores);
      out(
        `${humanScores(r.scores, Number(opts.limit) || 50)}\n${r.scores.length} order(s) scored with rules ${r.rules_version} and saved`,
      );
    });
  });

  common(
    flags
      .command('queue')
      .description(
        'the review queue: latest score of each order with its review status, highest likelihood first',
      )
      .option('--status <status>', `only orders with this status (${REVIEW_STATUSES.join(', ')})`)
      .option('--min <likelihood>', 'only orders at or above this likelihood', '0'),
  ).action(async (opts: CommonOptions & { status?: string; min: string }) => {
    const status = opts.status ? parseStatus(opts.status, 'status') : undefined;
    const min = Number(opts.min);
    if (!Number.isFinite(min) || min < 0 || min > 1)
      throw new ChokepointError('CP_BAD_OPTION', 'bad --min', {
        field: 'min',
        expected: 'a likelihood between 0 and 1',
        got: opts.min,
      });
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const rows = (await reviewQueue(store, { caseId: opts.case!, status, min })).map(
        ({ score: s, review: r, status }) => ({
          order_id: s.order_id,
          likelihood: s.likelihood,
          rules_version: s.rules_version,
          scored_at: s.scored_at,
          status,
          decided_by: r?.decided_by ?? null,
          decided_at: r?.decided_at ?? null,
          reason: r?.reason ?? null,
          flags: s.flags.map((f) => f.code),
        }),
      );
      if (opts.json) return outJsonLines(rows);
      out(
        table(
          rows.map((r) => ({ ...r, likelihood: r.likelihood.toFixed(3), flags: r.flags.length })),
          ['order_id', 'likelihood', 'status', 'flags', 'decided_by', 'decided_at', 'reason'],
        ),
      );
    });
  });

  common(
    flags
      .command('review')
      .description('record a review decision on an order: who, when, why')
      .argument('<order-id>', 'the order')
      .requiredOption('--status <status>', 'under_review, cleared or escalated (or new to reopen)')
      .requiredOption('--reason <text>', 'why')
      .option('--by <name>', 'who decided (default: $USER)'),
  ).action(
    async (
      orderId: string,
      opts: CommonOptions & { status: string; reason: string; by?: string },
    ) => {
      const status = parseStatus(opts.status, 'status');
      if (!opts.reason.trim())
        throw new ChokepointError('CP_BAD_OPTION', 'a review needs a reason', {
          field: 'reason',
          expected: 'a non-empty text',
        });
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const decision = await reviewOrder(store, {
          caseId: opts.case!,
          orderId,
          status,
          by: opts.by ?? process.env.USER ?? null,
          reason: opts.reason.trim(),
        });
        if (opts.json) return outJson(decision);
        out(
          `${orderId}: ${status} by ${decision.decided_by ?? 'unknown'} at ${decision.decided_at} (${decision.reason})`,
        );
      });
    },
  );

  common(
    flags
      .command('show')
      .description(
        'one order with its latest flags, each by name with its evidence in words (as the API and the web app say them)',
      )
      .argument('<order-id>', 'the order'),
  ).action(async (orderId: string, opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const d = await orderDetail(store, { caseId: opts.case!, orderId });
      if (opts.json) return outJson(d);
      out(
        `${d.order_id} ${d.order_date ?? ''} · ${d.goods ?? ''} · ${d.seller ?? '?'} → ${d.buyer ?? '?'}`,
      );
      if (!d.flags) return out('not scored yet');
      out(`likelihood ${(d.flags.likelihood * 100).toFixed(0)} % · status ${d.status}`);
      for (const f of d.flags.flags) out(`- ${f.name} (+${f.weight.toFixed(2)}): ${f.explanation}`);
    });
  });

  common(
    flags
      .command('history')
      .description('every score and review decision of an order, oldest first')
      .argument('<order-id>', 'the order'),
  ).action(async (orderId: string, opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const { scores, reviews } = await orderHistory(store, { caseId: opts.case!, orderId });
      if (opts.json) return outJson({ order_id: orderId, scores, reviews });
      out('scores');
      out(
        table(
          scores.map((s) => ({
            scored_at: s.scored_at,
            rules_version: s.rules_version,
            likelihood: s.likelihood.toFixed(3),
            flags: s.flags.map((f) => f.code).join(' '),
          })),
        ),
      );
      out('\nreviews');
      out(
        table(reviews as unknown as Record<string, unknown>[], [
          'decided_at',
          'status',
          'decided_by',
          'reason',
        ]),
      );
    });
  });

  common(
    flags
      .command('calibrate')
      .description(
        'fit the weights to labelled orders (orders CSV + label illicit|legitimate); report held-out AUC and calibration; save the fitted rules as the next version of a named rule set in the database',
      )
      .argument('<labelled.csv>', 'the labelled orders')
      .option('--rules <name|version|file>', 'rules to start from and compare with', 'v1')
      .option('--folds <k>', 'cross-validation folds', '5')
      .option(
        '--name <name>',
        'the rule set to save a new version of (lower-case letters, digits, - and _)',
        DEFAULT_RULE_SET_NAME,
      )
      .option('--out <file>', 'also write the fitted rules to this file'),
  ).action(
    async (
      file: string,
      opts: CommonOptions & { rules: string; folds: string; name: string; out?: string },
    ) => {
      const folds = Number(opts.folds);
      if (!Number.isInteger(folds) || folds < 2)
        throw new ChokepointError('CP_BAD_OPTION', 'bad --folds', {
          field: 'folds',
          expected: 'an integer ≥ 2',
          got: opts.folds,
        });
      if (opts.out && inShippedRules(opts.out))
        throw new ChokepointError('CP_BAD_OPTION', 'the shipped rules are read-only', {
          field: 'out',
          expected: 'a file outside the package (calibrated rules are kept in the database)',
          got: opts.out,
        });
      const text = await readInput(file);
      await withStore(opts, async (store) => {
        const input: CalibrateJobInput = {
          text,
          file,
          base: opts.rules,
          folds,
          name: opts.name,
          files: true,
        };
        const { result: r } = await runInForeground<CalibrateJobResult>(
          store,
          'flags.calibrate',
          input,
          'flags calibrate',
        );
        if (opts.out) writeFileSync(opts.out, `${JSON.stringify(r.rules, null, 2)}\n`);
        const { report } = r;
        if (opts.json)
          return outJson({
            name: r.name,
            version: r.label,
            saved: store.location,
            ...(opts.out ? { written: opts.out } : {}),
            ...report,
          });
        out(
          `calibrated on ${report.rows} orders (${report.illicit} illicit, ${report.legitimate} legitimate), ${report.folds}-fold, ridge λ=${report.lambda}`,
        );
        out(
          table([
            {
              weights: `hand (${report.hand.version})`,
              held_out_auc: report.hand.auc,
              brier: report.hand.brier,
            },
            {
              weights: `fitted (${r.label})`,
              held_out_auc: report.fitted.auc,
              brier: report.fitted.brier,
            },
          ]),
        );
        out('\nreliability (held-out, fitted)');
        out(table(report.fitted.reliability as unknown as Record<string, unknown>[]));
        out('\nweights');
        out(table(report.weights as unknown as Record<string, unknown>[]));
        out(`\nsaved rule set ${r.label} in ${store.location}; score with --rules ${r.label}`);
        if (opts.out) out(`wrote ${opts.out}`);
      });
    },
  );

  common(
    flags
      .command('rules')
      .description(
        'rule sets to score with: the shipped versions (read-only) and the calibrated ones stored in the database',
      ),
  ).action(async (opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      const sets = await listRuleSets(store);
      if (opts.json) return outJson(sets);
      out(
        table(
          sets.map((r) => ({ ...r, description: r.description.slice(0, 60) })),
          ['label', 'kind', 'created', 'source', 'description'],
        ),
      );
    });
  });
}
