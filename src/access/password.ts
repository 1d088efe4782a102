import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { ChokepointError } from '../core/errors.ts';

/**
 * The password rule of `user add`, password changes and `POST /api/users`: at least
 * MIN_PASSWORD_LENGTH characters, and not guessable by the maintained zxcvbn estimator
 * (zxcvbn-ts with its common-password, keyboard and English dictionaries): a score of at least
 * MIN_PASSWORD_SCORE of 4, i.e. about 10^8 guesses or more. Common passwords (`password123`),
 * repeats (`aaaaaaaaaa`, `abcabcabcabc`), keyboard runs (`qwertyuiop`), sequences and the
 * username itself score below it. Pure: no store, no environment.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

export interface PasswordVerdict {
  ok: boolean;
  /** 0–4: zxcvbn's score. */
  score: number;
  /** Why it is refused, and what would help (empty when ok). */
  problems: string[];
}

/** Judges a password; `context` holds words it must not be built on (the username). */
export function judgePassword(password: string, context: string[] = []): PasswordVerdict {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { ok: false, score: 0, problems: [`shorter than ${MIN_PASSWORD_LENGTH} characters`] };
  if (password.length > MAX_PASSWORD_LENGTH)
    return {
      ok: false,
      score: 0,
      problems: [`longer than ${MAX_PASSWORD_LENGTH} characters`],
    };
  const r = zxcvbn().check(password, [...context.filter(Boolean), 'chokepoint']);
  if (r.score >= MIN_PASSWORD_SCORE) return { ok: true, score: r.score, problems: [] };
  const problems = [r.feedback.warning, ...r.feedback.suggestions].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  return {
    ok: false,
    score: r.score,
    problems: problems.length ? problems : ['too easy to guess'],
  };
}

/** Throws CP_BAD_OPTION (field `password`) unless the password passes the rule. */
export function assertPasswordRule(password: string, context: string[] = []): void {
  const v = judgePassword(password, context);
  if (v.ok) return;
  throw new ChokepointError('CP_BAD_OPTION', `password refused: ${v.problems.join('; ')}`, {
    field: 'password',
    expected: `${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters, not common, repeated or a keyboard run (zxcvbn score ≥ ${MIN_PASSWORD_SCORE} of 4)`,
  });
}
