import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import {
  applyDedupe,
  dedupeProposals,
  nearPoint,
  withinProvince,
  provinceComparison,
  summarise,
} from '../../app/incidents.ts';
import { EXTRACT_FIELDS } from '../../incidents/schema.ts';
import type { ExtractJobInput, ExtractJobResult } from '../../jobs/handlers/extract.ts';
import { isIsoDate } from '../../core/date.ts';
import { checkPeriod, type Summary } from '../../incidents/summary.ts';
import { listIncidentMerges, pageIncidents, revertIncidentMerge } from '../../store/incidents.ts';
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
  limitOption,
} from '../context.ts';
import { runInForeground } from '../foreground.ts';

/** Commands of the incidents domain: extract, summary, incidents dedupe / merges. */
export function register(program: Command): void {
  program
    .command('extract')
    .description('bulletin or news text in, incident JSON lines out (needs no database)')
    .argument('[file]', 'a text file, or "-" (the default) for stdin')
    .option(
      '--doc-date <YYYY-MM-DD>',
      'the date of the document: reference for "on Tuesday", "last week", "yesterday"',
    )
    .option('--source <name>', 'cite this source for passages that name none of their own')
    .option('--json', 'JSON lines (the only output of this command; accepted for symmetry)')
    .action(async (file: string | undefined, opts: { docDate?: string; source?: string }) => {
      if (opts.docDate !== undefined) {
        if (!isIsoDate(opts.docDate)) {
          throw new ChokepointError('CP_BAD_DATE', '--doc-date is not a date', {
            field: 'doc-date',
            expected: 'YYYY-MM-DD',
            got: opts.docDate,
          });
        }
      }
      const text = await readInput(file);
      // Extraction reads no database: the job runs without one.
      const input: ExtractJobInput = {
        text,
        doc_date: opts.docDate ?? null,
        source: opts.source ?? null,
      };
      const {
        result: { incidents },
      } = await runInForeground<ExtractJobResult>(null, 'incidents.extract', input, 'extract');
      // Field order as in DESIGN.md, then the extras (actor, spans, notes); each record was checked against the one schema.
      outJsonLines(incidents.map((i) => Object.fromEntries(EXTRACT_FIELDS.map((f) => [f, i[f]]))));
    });

  common(
    program
      .command('summary')
      .description(
        'incident roll-up: attacks, killed, wounded, casualties per country, admin-1, attack type and week, against the previous period',
      )
      .requiredOption('--from <YYYY-MM-DD>', 'first day (inclusive)')
      .requiredOption('--to <YYYY-MM-DD>', 'last day (inclusive)')
      .option(
        '--compare <what>',
        '"previous" (the period of equal length before --from) or "none"',
        'previous',
      )
      .option(
        '--by-province',
        "attacks per province against the previous period instead (the bulletin's comparison)",
      ),
  ).action(
    async (
      opts: CommonOptions & { from: string; to: string; compare: string; byProvince?: boolean },
    ) => {
      checkPeriod(opts.from, opts.to);
      if (opts.compare !== 'previous' && opts.compare !== 'none') {
        throw new ChokepointError('CP_BAD_OPTION', `cannot compare with "${opts.compare}"`, {
          field: 'compare',
          expected: 'previous or none',
        });
      }
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        if (opts.byProvince) {
          const c = await provinceComparison(store, {
            caseId: opts.case!,
            from: opts.from,
            to: opts.to,
          });
          if (opts.json) return outJson(c);
          out(`${c.from} – ${c.to} against ${c.previous.from} – ${c.previous.to}`);
          out(
            table(
              c.provinces.map((r) => ({
                province: r.province,
                country: r.country ?? '',
                attacks: r.attacks,
                previous: r.previous,
                change: r.delta > 0 ? `+${r.delta}` : String(r.delta),
              })),
            ),
          );
          return;
        }
        const s = await summarise(store, {
          caseId: opts.case!,
          from: opts.from,
          to: opts.to,
          compare: opts.compare as 'previous' | 'none',
        });
        if (opts.json) outJson(s);
        else out(formatSummary(s));
      });
    },
  );

  const incidents = program
    .command('incidents')
    .description('incident housekeeping: duplicates and merges');

  common(
    incidents
      .command('dedupe')
      .description(
        'propose (or --apply) merges of incidents several sources reported: same attack type, within a day and 10 km',
      )
      .option('--apply', 'merge what is proposed (each merge is recorded and can be reverted)')
      .option('--revert <merge_id>', 'undo one merge'),
  ).action(async (opts: CommonOptions & { apply?: boolean; revert?: string }) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      if (opts.revert) {
        const r = await revertIncidentMerge(store.db, [opts.case!], opts.revert);
        if (opts.json) outJson({ reverted: r });
        else
          out(
            `reverted ${r.merge_id}: ${r.restored_ids.join(', ')} separate from ${r.kept_id} again`,
          );
        return;
      }
      const { proposals, merged: applied } = opts.apply
        ? await applyDedupe(store, { caseId: opts.case! })
        : { proposals: await dedupeProposals(store, opts.case!), merged: 0 };
      if (opts.json) {
        outJson({ applied: Boolean(opts.apply), merged: applied, proposals });
        return;
      }
      if (proposals.length === 0) {
        out('no duplicates found');
        return;
      }
      for (const p of proposals)
        out(
          `${p.merge_id}  keep ${p.kept_id}, merge ${p.merged_ids.join(', ')}\n  ${p.explanation}`,
        );
      out(
        opts.apply
          ? `applied ${applied} merge(s); undo one with --revert <merge_id>`
          : `${proposals.length} merge(s) proposed; run with --apply to merge`,
      );
    });
  });

  common(
    incidents.command('merges').description('list recorded merges with their explanations'),
  ).action(async (opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const merges = await listIncidentMerges(store.db, [opts.case!]);
      if (opts.json) outJson(merges);
      else
        out(
          table(
            merges.map((m) => ({
              merge_id: m.merge_id,
              kept: m.kept_id,
              merged: m.merged_ids.join(' '),
              created: m.created_at,
              reverted: m.reverted_at ?? '',
            })),
          ),
        );
    });
  });

  common(
    incidents
      .command('list')
      .description(
        'incidents of the case, filtered as the API lists them: names compared folded and in any spelling the gazetteer knows ("syria", "Deir Ezzor")',
      )
      .option('--from <YYYY-MM-DD>', 'first day (inclusive)')
      .option('--to <YYYY-MM-DD>', 'last day (inclusive)')
      .option('--country <name|code>', 'a country name in any spelling, or its two-letter code')
      .option('--admin1 <name>', 'a province (admin-1) in any spelling')
      .option('--perpetrator <name>', 'the perpetrator as recorded, compared folded')
      .option('--type <attack_type>', 'an attack type (ied, armed_assault, …)')
      .option('--attribution <a>', 'claimed, suspected or unknown')
      .option('--geo-precision <n>', '1 town, 2 area, 3 region')
      .option('--limit <n>', 'at most this many', '100'),
  ).action(async (opts: CommonOptions & IncidentListOptions) => {
    const limit = limitOption(opts.limit);
    const precision = opts.geoPrecision === undefined ? undefined : Number(opts.geoPrecision);
    if (precision !== undefined && ![1, 2, 3].includes(precision))
      throw new ChokepointError('CP_BAD_OPTION', 'bad --geo-precision', {
        field: 'geo-precision',
        expected: '1, 2 or 3',
        got: opts.geoPrecision,
      });
    for (const [field, v] of [
      ['from', opts.from],
      ['to', opts.to],
    ] as const)
      if (v !== undefined && !isIsoDate(v))
        throw new ChokepointError('CP_BAD_DATE', `--${field} is not a date`, {
          field,
          expected: 'YYYY-MM-DD',
          got: v,
        });
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const page = await pageIncidents(store, opts.case!, {
        limit,
        offset: 0,
        from: opts.from,
        to: opts.to,
        country: opts.country,
        admin1: opts.admin1,
        perpetrator: opts.perpetrator,
        attack_type: opts.type,
        attribution: opts.attribution,
        geo_precision: precision,
      });
      if (opts.json) {
        outJsonLines(page.items);
        return;
      }
      out(
        table(
          page.items.map((i) => ({
            id: i.id,
            date: i.date ?? '',
            type: i.attack_type ?? '',
            place: [i.place, i.admin1, i.country].filter(Boolean).join(', '),
            killed: i.killed ?? '',
            wounded: i.wounded ?? '',
            perpetrator: i.perpetrator ?? '',
          })),
        ),
      );
      out(`${page.total}${page.total_exact ? '' : '+'} incident(s)`);
    });
  });

  common(
    incidents
      .command('near')
      .description(
        "incidents of the case within a distance of a point (a seizure's place), nearest first",
      )
      .requiredOption('--lat <degrees>', 'latitude of the point')
      .requiredOption('--lon <degrees>', 'longitude of the point')
      .option('--km <km>', 'the distance', '25')
      .option('--limit <n>', 'at most this many', '100'),
  ).action(
    async (opts: CommonOptions & { lat: string; lon: string; km: string; limit: string }) => {
      const limit = limitOption(opts.limit);
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const hits = await nearPoint(store, {
          caseId: opts.case!,
          lat: Number(opts.lat),
          lon: Number(opts.lon),
          km: Number(opts.km),
          limit,
        });
        if (opts.json) {
          outJsonLines(hits.map((h) => ({ km: Math.round(h.km * 1000) / 1000, ...h.incident })));
          return;
        }
        out(
          table(
            hits.map((h) => ({
              km: h.km.toFixed(1),
              id: h.incident.id,
              date: h.incident.date ?? '',
              type: h.incident.attack_type ?? '',
              place: [h.incident.place, h.incident.admin1, h.incident.country]
                .filter(Boolean)
                .join(', '),
            })),
          ),
        );
        out(`${hits.length} incident(s) within ${opts.km} km`);
      });
    },
  );

  common(
    incidents
      .command('within')
      .description(
        "incidents of the case whose point lies within a province's area, newest first (by where they are, whatever their admin-1 says)",
      )
      .argument(
        '<province>',
        'admin-1 code (SY.07) or province name, any spelling of the gazetteer',
      )
      .option('--country <code>', 'ISO alpha-2 country, for a name two countries share')
      .option('--limit <n>', 'at most this many', '500'),
  ).action(async (province: string, opts: CommonOptions & { country?: string; limit: string }) => {
    const limit = limitOption(opts.limit);
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const r = await withinProvince(store, {
        caseId: opts.case!,
        province,
        country: opts.country,
        limit,
      });
      if (opts.json) {
        outJsonLines(r.items);
        return;
      }
      out(
        table(
          r.items.map((i) => ({
            id: i.id,
            date: i.date ?? '',
            type: i.attack_type ?? '',
            place: [i.place, i.admin1, i.country].filter(Boolean).join(', '),
          })),
        ),
      );
      out(`${r.items.length} incident(s) within ${r.province.name} (${r.province.code})`);
    });
  });
}

interface IncidentListOptions {
  from?: string;
  to?: string;
  country?: string;
  admin1?: string;
  perpetrator?: string;
  type?: string;
  attribution?: string;
  geoPrecision?: string;
  limit: string;
}

function formatSummary(s: Summary): string {
  const t = s.totals;
  const p = s.previous;
  const lines = [
    `${s.from} – ${s.to}: ${t.attacks} attack(s), ${t.killed} killed, ${t.wounded} wounded, ${t.casualties} casualties (${t.casualties_per_attack ?? '–'} per attack)`,
  ];
  if (p)
    lines.push(
      `previous period: ${p.attacks} attack(s), ${p.killed} killed, ${p.wounded} wounded, ${p.casualties} casualties (${p.casualties_per_attack ?? '–'} per attack)`,
    );
  lines.push('', 'by country', table(s.by_country as unknown as Record<string, unknown>[]));
  lines.push(
    '',
    'by admin-1',
    table(s.by_admin1 as unknown as Record<string, unknown>[], [
      'country',
      'key',
      'attacks',
      'killed',
      'wounded',
      'casualties',
    ]),
  );
  lines.push('', 'by attack type', table(s.by_attack_type as unknown as Record<string, unknown>[]));
  lines.push('', 'by week', table(s.by_week as unknown as Record<string, unknown>[]));
  const cols = ['key', 'events', 'attacks', 'killed', 'wounded', 'casualties'];
  lines.push(
    '',
    'by event type (ACLED)',
    table(s.by_event_type as unknown as Record<string, unknown>[], cols),
  );
  lines.push(
    '',
    'by actor (perpetrator)',
    table(
      s.by_actor.map((b) => ({ ...b, name: b.name ?? 'unknown' })) as unknown as Record<
        string,
        unknown
      >[],
      ['name', ...cols.slice(1)],
    ),
  );
  return lines.join('\n');
}
