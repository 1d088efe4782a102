import type { Command } from 'commander';
import { osUser, recordCliAction } from '../../app/audit.ts';
import {
  caseAlerts,
  decideAlert,
  listDiff,
  listHistory,
  listsWithLastImport,
  refreshWatchlists,
  watchAfterImport,
} from '../../app/watchlist.ts';
import { ChokepointError } from '../../core/errors.ts';
import { ALERT_STATES, DECISIONS, type Alert, type Decision } from '../../resolve/lists/schema.ts';
import { setSanctionsListMeta } from '../../store/lists.ts';
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

/** Sanctions lists as versions, and the watchlist's alerts: `lists`, `lists diff`, `alerts`. */

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new ChokepointError('CP_BAD_OPTION', `bad ${field} "${value}"`, {
      field,
      expected: `one of ${allowed.join(', ')}`,
      got: value,
    });
  return value as T;
}

function alertRow(a: Alert): Record<string, unknown> {
  return {
    id: a.id,
    state: a.state,
    party: a.party_name,
    entry: a.entry_caption,
    list: a.list_name,
    score: a.score,
    reason: a.reason,
    decided_by: a.decided_by ?? '',
  };
}

/** `import sanctions` takes what the file may not say of its list, and re-screens afterwards. */
function extendImport(program: Command): void {
  const importCmd = program.commands.find((c) => c.name() === 'import');
  if (!importCmd) return;
  importCmd
    .option(
      '--issuer <text>',
      'for `import sanctions`: who publishes the list (when the file does not say)',
    )
    .option('--title <text>', "for `import sanctions`: the list's title")
    .option('--published <YYYY-MM-DD>', 'for `import sanctions`: when this version was published');
  importCmd.hook('preAction', (cmd) => {
    const o = cmd.opts<{ issuer?: string; title?: string; published?: string }>();
    if (o.published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.published))
      throw new ChokepointError('CP_BAD_OPTION', 'bad --published date', {
        field: 'published',
        expected: 'YYYY-MM-DD',
        got: o.published,
      });
    setSanctionsListMeta({ issuer: o.issuer, title: o.title, published: o.published });
  });
  // The watchlist follows: a new list version re-screens every case, new parties their case.
  importCmd.hook('postAction', async (cmd) => {
    const kind = cmd.args[0];
    const o = cmd.opts<CommonOptions>();
    if (!kind || process.exitCode) return;
    await withStore(o, async (store) => {
      const done = await watchAfterImport(store, o.case ?? 'default', [kind]);
      const created = done.reduce((n, r) => n + r.created + r.realerted, 0);
      if (created > 0)
        process.stderr.write(`watchlist: ${created} new alert(s); see \`chokepoint alerts\`\n`);
    });
  });
}

export function register(program: Command): void {
  extendImport(program);

  const lists = common(
    program
      .command('lists')
      .description(
        'imported sanctions lists: issuer, title, publication date, version, entries, and what the last import added, changed and removed',
      ),
  ).action(async (opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      const rows = await listsWithLastImport(store);
      if (opts.json) return outJson(rows);
      out(
        table(
          rows.map((r) => ({
            list: r.name,
            issuer: r.issuer ?? '',
            published: r.published ?? '',
            version: r.version,
            entries: r.entities,
            added: r.last_import?.added ?? '',
            changed: r.last_import?.changed ?? '',
            removed: r.last_import?.removed ?? '',
          })),
        ),
      );
    });
  });

  common(
    lists
      .command('diff')
      .description('what a version of a list (default the latest) added, changed and removed')
      .argument('<list>', 'the list name or id (see `chokepoint lists`)')
      .option('--version <n>', 'the version (default the latest)'),
  ).action(async (list: string, _o: unknown, cmd: Command) => {
    // Options given before `diff` (`lists --db x diff`) belong to the parent: take both.
    const opts = cmd.optsWithGlobals<CommonOptions & { version?: string }>();
    const version = opts.version === undefined ? undefined : Number(opts.version);
    if (version !== undefined && (!Number.isInteger(version) || version < 1))
      throw new ChokepointError('CP_BAD_OPTION', 'bad version', {
        field: 'version',
        expected: 'a whole number ≥ 1',
        got: opts.version,
      });
    await withStore(opts, async (store) => {
      const d = await listDiff(store, list, version);
      if (opts.json) return outJson(d);
      const v = d.version;
      out(
        `${v.list_id} version ${v.version} (published ${v.published ?? 'unknown'}, imported ${v.imported_at}): ${v.added} added, ${v.changed} changed, ${v.removed} removed`,
      );
      if (d.changes.length)
        out(table(d.changes.map((c) => ({ change: c.change, id: c.entity_id, name: c.caption }))));
    });
  });

  common(
    lists
      .command('versions')
      .description('every imported version of a list (of all lists without one), newest first')
      .argument('[list]', 'the list name or id'),
  ).action(async (list: string | undefined, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals<CommonOptions>();
    await withStore(opts, async (store) => {
      const versions = await listHistory(store, list);
      if (opts.json) return outJsonLines(versions);
      out(
        table(
          versions.map((v) => ({
            list: v.list_id,
            version: v.version,
            published: v.published ?? '',
            imported_at: v.imported_at,
            entries: v.entities,
            added: v.added,
            changed: v.changed,
            removed: v.removed,
          })),
        ),
      );
    });
  });

  const alerts = common(
    program
      .command('alerts')
      .description(
        "the watchlist: hits of the case's parties on the lists, re-screened first against what changed (JSON lines with --json)",
      )
      .option('--state <state>', `only alerts in this state (${ALERT_STATES.join(', ')})`),
  ).action(async (opts: CommonOptions & { state?: string }) => {
    const state = opts.state === undefined ? undefined : oneOf(opts.state, ALERT_STATES, 'state');
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const items = await caseAlerts(store, opts.case!, { state });
      if (opts.json) return outJsonLines(items);
      out(table(items.map(alertRow)));
      out(`${items.length} alert(s)${state ? ` in state ${state}` : ''}`);
    });
  });

  common(
    alerts
      .command('decide')
      .description("record a reviewer's decision on an alert: match, no_match or unsure")
      .argument('<id>', 'the alert id')
      .argument('<decision>', DECISIONS.join('|'))
      .option('--note <text>', 'why'),
  ).action(async (id: string, decision: string, _o: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals<CommonOptions & { note?: string }>();
    const d: Decision = oneOf(decision, DECISIONS, 'decision');
    await withStore(opts, async (store) => {
      const r = await decideAlert(store, opts.case!, id, {
        decision: d,
        by: osUser(),
        note: opts.note,
      });
      await recordCliAction(store, {
        action: 'alerts.decide',
        caseId: opts.case,
        target: id,
        detail: { decision: d },
      });
      if (opts.json) return outJson(r.alert);
      out(
        `${r.alert.id}: ${r.alert.party_name} ~ ${r.alert.entry_caption} (${r.alert.list_name}) is ${d}`,
      );
    });
  });

  common(
    alerts
      .command('refresh')
      .description('re-screen now: the case (or with --all-cases every case) against what changed'),
  )
    .option('--all-cases', 'every case')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<CommonOptions & { allCases?: boolean }>();
      await withStore(opts, async (store) => {
        const r = await refreshWatchlists(store, opts.allCases ? undefined : opts.case);
        if (opts.json) return outJsonLines(r);
        out(table(r.map((x) => ({ ...x }))));
      });
    });
}
