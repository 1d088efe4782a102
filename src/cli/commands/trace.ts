import type { Command } from 'commander';
import {
  seizureNearby,
  traceItem,
  traceItems,
  TRACE_DEFAULTS,
  type NearbyReport,
  type TraceResult,
} from '../../app/trace.ts';
import { ChokepointError } from '../../core/errors.ts';
import { NEARBY_DEFAULTS } from '../../trace/nearby.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  readInput,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { progressBar } from '../progress.ts';

function num(v: string | undefined, field: string, int = false): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || (int && !Number.isInteger(n)))
    throw new ChokepointError('CP_BAD_OPTION', `bad --${field.replace(/_/g, '-')}`, {
      field,
      expected: int ? 'an integer ≥ 0' : 'a number ≥ 0',
      got: v,
    });
  return n;
}

interface NearbyFlags {
  km?: string;
  daysBefore?: string;
  daysAfter?: string;
}

function nearbyOptions(o: NearbyFlags) {
  return {
    km: num(o.km, 'km'),
    daysBefore: num(o.daysBefore, 'days_before', true),
    daysAfter: num(o.daysAfter, 'days_after', true),
  };
}

function nearbyText(r: NearbyReport): string {
  const head = `Incidents within ${r.km} km of ${r.place ?? r.seizure_id}${r.point ? ` (${r.point.name})` : ''}, ${r.days_before} day(s) before to ${r.days_after} after ${r.seizure_date ?? 'an unknown date'}: ${r.incidents.length}`;
  const rows = r.incidents.map((i) => ({
    id: i.id,
    date: i.date,
    days_before: i.days_before,
    km: i.distance_km,
    place: i.place,
    attack_type: i.attack_type,
    perpetrator: i.perpetrator,
    killed: i.killed,
  }));
  return [head, ...(rows.length ? [table(rows)] : []), ...r.notes.map((n) => `note: ${n}`)].join(
    '\n',
  );
}

function traceText(r: TraceResult): string {
  const it = r.item;
  const lines = [
    `${r.item_id} (${it.seizure_id}, ${it.seizure_date ?? 'undated'}, ${it.seizure_place ?? ''}): ${[it.manufacturer, it.model, it.serial_number && `serial ${it.serial_number}`, it.lot && `lot ${it.lot}`].filter(Boolean).join(', ')}`,
    `${r.candidates.length} candidate order(s) of ${r.considered} naming the part`,
  ];
  r.candidates.forEach((c, i) => {
    lines.push(
      '',
      `${i + 1}. ${c.order_id}  score ${c.score.toFixed(3)} (${c.points} points)${c.excluded ? '  RULED OUT' : ''}  ${c.order_date ?? 'undated'}  ${c.seller ?? ''} → ${c.buyer ?? ''}`,
    );
    for (const e of c.evidence)
      lines.push(
        `   ${e.for_or_against === 'for' ? '+' : e.for_or_against === 'against' ? '-' : ' '} ${e.code}: ${e.detail}`,
      );
    if (c.chain.length)
      lines.push(`   chain: ${c.chain.map((l) => `${l.name} [${l.role}]`).join(' → ')}`);
    if (c.flags)
      lines.push(
        `   red flags (${c.flags.source}): likelihood ${c.flags.likelihood.toFixed(3)}${c.flags.codes.length ? `, ${c.flags.codes.join(', ')}` : ''}`,
      );
  });
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.nearby) lines.push('', nearbyText(r.nearby));
  return lines.join('\n');
}

/** Item ids, one a line (or the first column of a CSV with an `item_id` header). */
function parseItemIds(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines[0] && /^item_id\b/i.test(lines[0])) lines.shift();
  return lines.map((l) => l.split(',')[0]!.trim());
}

export function register(program: Command): void {
  common(
    program
      .command('trace')
      .description(
        'candidate orders for a recovered item, best first, with the evidence for and against each and the chain it implies (maker → exporter → distributor → buyer → consignee → crossing → seizure); --items FILE traces many, as JSON lines',
      )
      .argument('[item-id]', 'the item_id of a seizure item')
      .option('--items <file>', 'item ids, one a line ("-" for stdin): one JSON line per item')
      .option('--all', 'trace every item of the case (JSON lines with --json)')
      .option(
        '--limit <n>',
        `candidates per item (default ${TRACE_DEFAULTS.limit}; ${TRACE_DEFAULTS.batchLimit} with --items or --all)`,
      )
      .option(
        '--group <selector>',
        `the seizure's group in the network, a node selector (default ${TRACE_DEFAULTS.group})`,
      )
      .option(
        '--near-km <km>',
        `a route stop this near the seizure counts for the order (default ${TRACE_DEFAULTS.nearKm})`,
      )
      .option('--no-flags', 'leave out the red flags of the candidate orders')
      .option('--nearby', 'with --items/--all: also the incidents around each seizure')
      .option(
        '--km <km>',
        `incidents within this distance of the seizure (default ${NEARBY_DEFAULTS.km})`,
      )
      .option(
        '--days-before <n>',
        `incidents up to this many days before the seizure (default ${NEARBY_DEFAULTS.daysBefore})`,
      )
      .option(
        '--days-after <n>',
        `incidents up to this many days after the seizure (default ${NEARBY_DEFAULTS.daysAfter})`,
      ),
  ).action(
    async (
      itemId: string | undefined,
      opts: CommonOptions &
        NearbyFlags & {
          items?: string;
          all?: boolean;
          limit?: string;
          group?: string;
          nearKm?: string;
          flags?: boolean;
          nearby?: boolean;
        },
    ) => {
      const many = Boolean(opts.items || opts.all);
      if (many === Boolean(itemId))
        throw new ChokepointError(
          'CP_BAD_OPTION',
          itemId ? 'give an item id or --items/--all, not both' : 'no item to trace',
          { field: 'item_id', expected: 'an item id, --items FILE or --all' },
        );
      const base = {
        caseId: opts.case!,
        limit: num(opts.limit, 'limit', true),
        group: opts.group,
        nearKm: num(opts.nearKm, 'near_km'),
        flags: opts.flags !== false,
      };
      const itemIds = opts.items ? parseItemIds(await readInput(opts.items)) : null;
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        if (!many) {
          const r = await traceItem(store, {
            ...base,
            itemId: itemId!,
            nearby: nearbyOptions(opts),
          });
          return opts.json ? outJson(r) : out(traceText(r));
        }
        const bar = progressBar('tracing');
        let done = 0;
        const total = itemIds?.length ?? 0;
        await traceItems(store, {
          ...base,
          itemIds,
          nearby: opts.nearby ? nearbyOptions(opts) : false,
          onResults(results) {
            const chunk = opts.json
              ? results.map((r) => JSON.stringify(r)).join('\n')
              : results.map(traceText).join('\n\n');
            if (chunk) process.stdout.write(`${chunk}\n`);
            done += results.length;
            bar.update(done, total || done);
          },
        });
        bar.finish();
      });
    },
  );

  // `arms nearby` belongs to the arms command; it is added here when that command is loaded.
  const arms = program.commands.find((c) => c.name() === 'arms');
  if (arms)
    common(
      arms
        .command('nearby')
        .description(
          `incidents within a distance and a time window of a seizure (defaults ${NEARBY_DEFAULTS.km} km, ${NEARBY_DEFAULTS.daysBefore} days before, ${NEARBY_DEFAULTS.daysAfter} after)`,
        )
        .argument('<seizure-id>', 'the seizure')
        .option('--km <km>', `distance from the seizure's place (default ${NEARBY_DEFAULTS.km})`)
        .option(
          '--days-before <n>',
          `days before the seizure (default ${NEARBY_DEFAULTS.daysBefore})`,
        )
        .option(
          '--days-after <n>',
          `days after the seizure (default ${NEARBY_DEFAULTS.daysAfter})`,
        ),
    ).action(async (seizureId: string, opts: CommonOptions & NearbyFlags) => {
      const o = nearbyOptions(opts);
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const r = await seizureNearby(store, { caseId: opts.case!, seizureId, ...o });
        return opts.json ? outJson(r) : out(nearbyText(r));
      });
    });
}
