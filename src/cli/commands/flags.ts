import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { entityCaption, props, type FtmEntity } from '../../network/ftm.ts';
import { calibrate } from '../../flags/calibrate.ts';
import { scoreOrders, type ListEntry, type ScoredOrder } from '../../flags/indicators.ts';
import { parseLabelledCsv, parseOrdersCsv } from '../../flags/labelled.ts';
import { loadRules, RULES_DIR, shippedVersions, type Rules } from '../../flags/rules.ts';
import { listEntities, listRelations } from '../../store/entities.ts';
import {
  addReview,
  latestReviews,
  latestScores,
  REVIEW_STATUSES,
  reviewHistory,
  saveScores,
  scoreHistory,
  type ReviewStatus,
} from '../../store/flags.ts';
import { listEntitiesOf } from '../../store/lists.ts';
import { listOrders } from '../../store/orders.ts';
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
import { progressBar } from '../progress.ts';

type ScoreOptions = CommonOptions & { orders?: string; rules?: string; limit?: string };

/** Sanctions (and other screening) list entries, as the lists repository holds them, for the sanctions rule. */
function toListEntries(rows: { list: string; entity: FtmEntity }[]): ListEntry[] {
  return rows.map(({ list, entity: e }) => {
    const names = [
      entityCaption(e),
      ...props(e, 'name'),
      ...props(e, 'alias'),
      ...props(e, 'weakAlias'),
      ...props(e, 'previousName'),
    ];
    return { list, entity_id: e.id, names: [...new Set(names)], schema: e.schema };
  });
}

function humanScores(scores: ScoredOrder[], limit: number): string {
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
    throw new ChokepointError('CP_BAD_INPUT', `unknown review status "${v}"`, {
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
      .option('--rules <version|file>', 'rules version (v1, v2 …) or a rules file', 'v1')
      .option('--limit <n>', 'rows in the human table', '50'),
  ).action(async (opts: ScoreOptions) => {
    const rules = loadRules(opts.rules);
    if (opts.orders) {
      const text = await readInput(opts.orders);
      const orders = parseOrdersCsv(text, opts.orders).map((r) => r.order);
      const scores = scoreOrders({ orders }, rules);
      if (opts.json) return outJsonLines(scores);
      return out(
        `${humanScores(scores, Number(opts.limit) || 50)}\n${scores.length} order(s) scored with rules ${rules.version}`,
      );
    }
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const caseIds = [opts.case!];
      const bar = progressBar('flags score');
      const orders = await listOrders(store.db, caseIds);
      const entities = await listEntities(store.db, { caseIds });
      const relations = (await listRelations(store.db, caseIds)).filter(
        (r) => r.source_id && r.target_id,
      );
      const lists = toListEntries(await listEntitiesOf(store.db));
      bar.update(1, 3, 'scoring');
      const scores = scoreOrders({ orders, entities, relations, lists }, rules);
      bar.update(2, 3, 'saving');
      const scoredAt = new Date().toISOString();
      await saveScores(
        store.db,
        opts.case!,
        scores.map((s) => ({
          order_id: s.order_id,
          rules_version: rules.version,
          likelihood: s.likelihood,
          flags: s.flags,
          scored_at: scoredAt,
        })),
      );
      bar.finish();
      if (opts.json) return outJsonLines(scores);
      out(
        `${humanScores(scores, Number(opts.limit) || 50)}\n${scores.length} order(s) scored with rules ${rules.version} and saved`,
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
      throw new ChokepointError('CP_BAD_INPUT', 'bad --min', {
        field: 'min',
        expected: 'a likelihood between 0 and 1',
        got: opts.min,
      });
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const scores = await latestScores(store.db, [opts.case!]);
      const reviews = new Map(
        (await latestReviews(store.db, [opts.case!])).map((r) => [r.order_id, r]),
      );
      const rows = scores
        .map((s) => {
          const r = reviews.get(s.order_id);
          return {
            order_id: s.order_id,
            likelihood: s.likelihood,
            rules_version: s.rules_version,
            scored_at: s.scored_at,
            status: r?.status ?? ('new' as ReviewStatus),
            decided_by: r?.decided_by ?? null,
            decided_at: r?.decided_at ?? null,
            reason: r?.reason ?? null,
            flags: s.flags.map((f) => f.code),
          };
        })
        .filter((r) => (!status || r.status === status) && r.likelihood >= min);
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
        throw new ChokepointError('CP_BAD_INPUT', 'a review needs a reason', {
          field: 'reason',
          expected: 'a non-empty text',
        });
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const [order] = await listOrders(store.db, [opts.case!], [orderId]);
        if (!order)
          throw new ChokepointError('CP_NOT_FOUND', `no order "${orderId}" in case ${opts.case}`, {
            field: 'order_id',
            got: orderId,
          });
        const decision = {
          order_id: orderId,
          status,
          decided_by: opts.by ?? process.env.USER ?? null,
          reason: opts.reason.trim(),
          decided_at: new Date().toISOString(),
        };
        await addReview(store.db, opts.case!, decision);
        if (opts.json) return outJson(decision);
        out(
          `${orderId}: ${status} by ${decision.decided_by ?? 'unknown'} at ${decision.decided_at} (${decision.reason})`,
        );
      });
    },
  );

  common(
    flags
      .command('history')
      .description('every score and review decision of an order, oldest first')
      .argument('<order-id>', 'the order'),
  ).action(async (orderId: string, opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const scores = await scoreHistory(store.db, [opts.case!], orderId);
      const reviews = await reviewHistory(store.db, [opts.case!], orderId);
      if (scores.length === 0 && reviews.length === 0) {
        const [order] = await listOrders(store.db, [opts.case!], [orderId]);
        if (!order)
          throw new ChokepointError('CP_NOT_FOUND', `no order "${orderId}" in case ${opts.case}`, {
            field: 'order_id',
            got: orderId,
          });
      }
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

  flags
    .command('calibrate')
    .description(
      'fit the weights to labelled orders (orders CSV + label illicit|legitimate); report held-out AUC and calibration; write a new rules version',
    )
    .argument('<labelled.csv>', 'the labelled orders')
    .option('--rules <version|file>', 'rules to start from and compare with', 'v1')
    .option('--folds <k>', 'cross-validation folds', '5')
    .option(
      '--out <file>',
      'where to write the new rules (default: the next version in src/flags/rules/)',
    )
    .option('--json', 'print the report as one JSON document')
    .action(
      async (
        file: string,
        opts: { rules: string; folds: string; out?: string; json?: boolean },
      ) => {
        const base: Rules = loadRules(opts.rules);
        const labelled = parseLabelledCsv(await readInput(file), file);
        const illicit = labelled.filter((l) => l.illicit).length;
        if (illicit < 2 || labelled.length - illicit < 2) {
          throw new ChokepointError(
            'CP_BAD_INPUT',
            'calibration needs at least two illicit and two legitimate orders',
            {
              file,
              field: 'label',
              got: `${illicit} illicit, ${labelled.length - illicit} legitimate`,
            },
          );
        }
        const folds = Number(opts.folds);
        if (!Number.isInteger(folds) || folds < 2)
          throw new ChokepointError('CP_BAD_INPUT', 'bad --folds', {
            field: 'folds',
            expected: 'an integer ≥ 2',
            got: opts.folds,
          });
        const target = opts.out ?? nextRulesPath();
        const version = opts.out
          ? `v${Number(base.version.slice(1)) + 1}`
          : target.replace(/^.*\/(v\d+)\.json$/, '$1');
        const { rules, report } = calibrate(labelled, base, { folds, version, source: file });
        writeFileSync(target, `${JSON.stringify(rules, null, 2)}\n`);
        if (opts.json) return outJson({ written: target, version, ...report });
        out(
          `calibrated on ${report.rows} orders (${report.illicit} illicit, ${report.legitimate} legitimate), ${report.folds}-fold, ridge λ=${report.lambda}`,
        );
        out(
          table([
            {
              weights: `hand (${base.version})`,
              held_out_auc: report.hand.auc,
              brier: report.hand.brier,
            },
            {
              weights: `fitted (${version})`,
              held_out_auc: report.fitted.auc,
              brier: report.fitted.brier,
            },
          ]),
        );
        out('\nreliability (held-out, fitted)');
        out(table(report.fitted.reliability as unknown as Record<string, unknown>[]));
        out('\nweights');
        out(table(report.weights as unknown as Record<string, unknown>[]));
        out(`\nwrote ${target}`);
      },
    );
}

/** The next free version file in the shipped rules directory. */
function nextRulesPath(): string {
  const dir = fileURLToPath(RULES_DIR);
  const versions = existsSync(dir) ? shippedVersions() : [];
  const n = Math.max(0, ...versions.map((v) => Number(v.slice(1)))) + 1;
  return join(dir, `v${n}.json`);
}
