/**
 * The actor a name as a record writes it stands for, for the store's actor table: the
 * canonical actor when the normaliser (`actors.ts`) knows the name ("Daesh", "Islamic
 * State (Iraq)", "ISWAP"), else, for a perpetrator, an actor of its own keyed by the
 * folded name ("Military Forces of Nigeria (2015-2023)" once, however it is cased). A
 * target that is no known actor ("Civilians (Nigeria)", GTD's "Iraqi Army patrol") stays
 * text: only perpetrators found new actors. Unidentified and unknown doers are no actor.
 * Pure: the store calls it once per distinct (name, country) it writes.
 */
import { foldText } from '../core/fold.ts';
import { normaliseActor, type Actor } from './actors.ts';

/** An actor as the store keeps it. */
export interface ActorEntry {
  id: string;
  name: string;
  /** jihadist, insurgent, militia for the canonical ones; null for a name's own actor. */
  kind: string | null;
  /** The actor this one is a branch or province of. */
  parent: string | null;
  aliases: string[];
  /** One of the normaliser's canonical actors (else an actor named by a dataset). */
  canonical: boolean;
}

/** The role a name plays in an incident: its doer (perpetrator, ACLED actor1, GTD gname) or the other side (ACLED actor2). */
export type ActorRole = 'perpetrator' | 'target';

/** Prefix of the ids of actors that are no canonical actor. */
export const OWN_ACTOR_PREFIX = 'name:';

const entryOf = (a: Actor): ActorEntry => ({
  id: a.id,
  name: a.name,
  kind: a.kind,
  parent: a.parent,
  aliases: [...a.aliases],
  canonical: true,
});

const NOBODY = /^(unidentified|unknown|unnamed|none|n\/a|-)\b/i;

/**
 * The actor of `name` in `role`, with `country` (ISO alpha-2) to settle aliases shared
 * across theatres; `actor` is a canonical actor's name the caller already knows (the
 * extraction's `actor` field), preferred to the name when given. Null when the name is
 * no actor.
 */
export function actorOf(
  name: string | null | undefined,
  opts: { country?: string | null; role: ActorRole; actor?: string | null },
): ActorEntry | null {
  const t = name?.trim();
  if (!t || NOBODY.test(t)) return null;
  const known =
    (opts.actor ? normaliseActor(opts.actor, { country: opts.country }) : null) ??
    normaliseActor(t, { country: opts.country });
  if (known) return entryOf(known);
  if (opts.role !== 'perpetrator') return null;
  const key = foldText(t).replace(/ /g, '_');
  if (!key) return null;
  return {
    id: `${OWN_ACTOR_PREFIX}${key}`,
    name: t,
    kind: null,
    parent: null,
    aliases: [t],
    canonical: false,
  };
}
