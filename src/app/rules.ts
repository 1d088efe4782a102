/**
 * Rule sets: the shipped versions (read-only files of the package, `v1` …) and the named,
 * versioned rule sets that calibration writes into the database (`calibrated@v2`). Every
 * front end chooses the rules to score with through `resolveRules`.
 */
import { existsSync } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChokepointError } from '../core/errors.ts';
import { calibrate, type CalibrationReport } from '../flags/calibrate.ts';
import { parseLabelledCsv } from '../flags/labelled.ts';
import {
  loadRules,
  parseRules,
  RULES_DIR,
  SHIPPED_VERSION,
  shippedVersions,
  STORED_LABEL,
  storedLabel,
  type Rules,
} from '../flags/rules.ts';
import type { Store } from '../store/connect.ts';
import {
  getRuleSet,
  listRuleSets as listStored,
  nextRuleSetVersion,
  saveRuleSet,
} from '../store/flags.ts';

/** The rules used when none are chosen: the hand-set weights of v1. */
export const DEFAULT_RULES = 'v1';
/** The name a calibration is saved under when none is given. */
export const DEFAULT_RULE_SET_NAME = 'calibrated';

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface RuleSetInfo {
  /** What `--rules` takes: `v1` for a shipped version, `name@vN` for a stored one. */
  label: string;
  kind: 'shipped' | 'stored';
  name: string;
  version: number;
  description: string;
  /** The labelled file a stored set was fitted on. */
  source: string | null;
  created_by: string | null;
  created: string;
}

/** Checks a rule set name: lower-case letters, digits, - and _, and not a shipped version. */
export function ruleSetName(name: string): string {
  const n = name.trim();
  if (!NAME.test(n) || SHIPPED_VERSION.test(n))
    throw new ChokepointError('CP_BAD_OPTION', `bad rule set name "${name}"`, {
      field: 'name',
      expected:
        'lower-case letters, digits, - and _ (at most 64), not a shipped version such as v1',
      got: name,
    });
  return n;
}

/** The shipped versions and the stored rule sets, shipped first. */
export async function listRuleSets(store: Store): Promise<RuleSetInfo[]> {
  const shipped = shippedVersions().map((v): RuleSetInfo => {
    const r = loadRules(v);
    return {
      label: v,
      kind: 'shipped',
      name: v,
      version: Number(v.slice(1)),
      description: r.description,
      source: null,
      created_by: null,
      created: r.created,
    };
  });
  const stored = (await listStored(store.db)).map((s): RuleSetInfo => ({
    label: storedLabel(s.name, s.version),
    kind: 'stored',
    name: s.name,
    version: s.version,
    description: s.description,
    source: s.source,
    created_by: s.created_by,
    created: s.created_at,
  }));
  return [...shipped, ...stored];
}

/**
 * The rules a caller chose: a shipped version (`v1`), a stored rule set by name (its
 * latest version) or by label (`calibrated@v2`), or, only where `files` is allowed (the
 * CLI), a rules file. The API never lets a caller's text reach the file system.
 */
export async function resolveRules(
  store: Store | null,
  spec: string = DEFAULT_RULES,
  opts: { files?: boolean } = {},
): Promise<Rules> {
  if (SHIPPED_VERSION.test(spec)) return loadRules(spec);
  const label = STORED_LABEL.exec(spec);
  const name = label ? label[1]! : NAME.test(spec) ? spec : null;
  if (name && store) {
    const set = await getRuleSet(store.db, name, label ? Number(label[2]) : undefined);
    if (set) return parseRules(set.rules, `rule set ${storedLabel(set.name, set.version)}`);
  }
  // A bare name that is neither stored nor a file is an unknown rule set, not a missing file.
  if (opts.files && !label && (!name || existsSync(spec))) return loadRules(spec);
  const known = store ? (await listRuleSets(store)).map((r) => r.label) : shippedVersions();
  throw new ChokepointError('CP_NOT_FOUND', `no rules "${spec}"`, {
    field: 'rules',
    expected: `one of ${known.join(', ')}${opts.files ? ', or a rules file' : ''}`,
    got: spec,
  });
}

export interface CalibrationOptions {
  /** The labelled orders CSV (orders columns + label) and its name for messages. */
  text: string;
  file: string;
  /** Rules to start from and compare with (default v1). */
  base?: string;
  folds?: number;
  /** The rule set's name (default "calibrated"); each calibration is its next version. */
  name?: string;
  createdBy?: string | null;
  /** Whether `base` may name a rules file (the CLI). */
  files?: boolean;
}

export interface CalibrationResult {
  name: string;
  version: number;
  /** `name@vN`, what `--rules` takes and what the scores record as their rules version. */
  label: string;
  rules: Rules;
  report: CalibrationReport;
}

/** Fits the weights to labelled orders and saves them as the next version of a named rule set. */
export async function calibrateRuleSet(
  store: Store,
  opts: CalibrationOptions,
): Promise<CalibrationResult> {
  const name = ruleSetName(opts.name ?? DEFAULT_RULE_SET_NAME);
  const base = await resolveRules(store, opts.base ?? DEFAULT_RULES, { files: opts.files });
  const labelled = parseLabelledCsv(opts.text, opts.file);
  const illicit = labelled.filter((l) => l.illicit).length;
  if (illicit < 2 || labelled.length - illicit < 2) {
    throw new ChokepointError(
      'CP_EMPTY_INPUT',
      'calibration needs at least two illicit and two legitimate orders',
      {
        file: opts.file,
        field: 'label',
        got: `${illicit} illicit, ${labelled.length - illicit} legitimate`,
      },
    );
  }
  const version = await nextRuleSetVersion(store.db, name);
  const label = storedLabel(name, version);
  const { rules, report } = calibrate(labelled, base, {
    folds: opts.folds,
    version: label,
    source: opts.file,
  });
  await saveRuleSet(store.db, {
    name,
    version,
    rules: JSON.stringify(rules),
    description: rules.description,
    source: opts.file,
    created_by: opts.createdBy ?? null,
    created_at: new Date().toISOString(),
  });
  return { name, version, label, rules, report };
}

/** Whether a path is inside the package's shipped rules (read-only: nothing is written there). */
export function inShippedRules(path: string): boolean {
  const dir = resolvePath(fileURLToPath(RULES_DIR));
  const p = resolvePath(path);
  return p === dir || p.startsWith(dir + sep);
}
