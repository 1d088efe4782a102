import { z } from 'zod';

/**
 * The records of access: users, cases, who belongs to which case with what role, browser
 * sessions and API tokens. One schema per record: the store's rows map to them
 * (src/store/users.ts, src/store/cases.ts) and the API's requests and answers are cut
 * from them (src/server/plugins/auth.ts, cases.ts), and through the OpenAPI document the
 * web app's types. Secrets (password hashes, session ids, token hashes) are not part of
 * any record: they never leave the store.
 */

/** Roles on a case, weakest first: each grants what the ones before it grant. */
export const CASE_ROLES = ['viewer', 'analyst', 'admin'] as const;
export const CaseRoleSchema = z.enum(CASE_ROLES).meta({ id: 'CaseRole' });
export type CaseRole = z.output<typeof CaseRoleSchema>;

const ROLE_RANK: Record<CaseRole, number> = { viewer: 1, analyst: 2, admin: 3 };

/** True when `held` grants at least what `needed` asks for (admin ⊃ analyst ⊃ viewer). */
export function roleAtLeast(held: CaseRole, needed: CaseRole): boolean {
  return ROLE_RANK[held] >= ROLE_RANK[needed];
}

export function isCaseRole(v: unknown): v is CaseRole {
  return typeof v === 'string' && (CASE_ROLES as readonly string[]).includes(v);
}

/** A user of the API and the web app; `is_admin` is a global administrator. */
export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    is_admin: z.boolean(),
    created_at: z.string(),
    disabled_at: z.string().nullable(),
  })
  .meta({ id: 'User' });
export type User = z.output<typeof UserSchema>;

/** A case (an investigation): every record belongs to one. */
export const CaseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: 'Case' });
export type Case = z.output<typeof CaseSchema>;

/** A grant: a user's role on a case, since when. */
export const CaseMemberSchema = z.object({
  case_id: CaseSchema.shape.id,
  user_id: UserSchema.shape.id,
  role: CaseRoleSchema,
  granted_at: z.string(),
});
export type CaseMember = z.output<typeof CaseMemberSchema>;

/** A grant as a case's admins see it: the member, named (`GET …/members`). */
export const MemberSchema = z
  .object({
    user_id: CaseMemberSchema.shape.user_id,
    username: UserSchema.shape.username,
    role: CaseMemberSchema.shape.role,
    granted_at: CaseMemberSchema.shape.granted_at,
  })
  .meta({ id: 'Member' });
export type Member = z.output<typeof MemberSchema>;

/** A grant as its user sees it: the case, named, and the role on it (`GET /api/cases`). */
export const MembershipSchema = CaseSchema.pick({ id: true, name: true })
  .extend({ role: CaseMemberSchema.shape.role })
  .meta({ id: 'Membership' });
export type Membership = z.output<typeof MembershipSchema>;

/** A browser session: its user, the CSRF token its writes must send, and its end. */
export const SessionSchema = z.object({
  user: UserSchema,
  csrf_token: z.string(),
  expires_at: z.string(),
});
export type Session = z.output<typeof SessionSchema>;

/** An API token as listed: never the secret, which is shown once, when issued. */
export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.output<typeof ApiTokenSchema>;

/** A token just issued: its id and the secret itself, shown this once. */
export const IssuedTokenSchema = ApiTokenSchema.pick({ id: true }).extend({ token: z.string() });
export type IssuedToken = z.output<typeof IssuedTokenSchema>;
