import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { ChokepointError } from '../core/errors.ts';
import { isCaseRole, roleAtLeast, type CaseRole, type User } from '../access/schema.ts';
import { caseRoleOf, csrfMatches, findSession, userForToken } from '../store/users.ts';

/**
 * Who may call a route. Every route declares one in its `config.access`; the onRoute hook
 * below refuses to register a route without it, so a forgotten rule fails at start-up
 * (and in the access test) instead of opening a hole.
 *
 * - `public`: anyone, signed in or not;
 * - `user`: any signed-in user;
 * - `global_admin`: a user with `users.is_admin`;
 * - `{case: role}`: a member of the route's `:caseId` with at least that role. A user who
 *   is not a member gets 404, as if the case did not exist: membership itself is secret.
 */
export type AccessRule = 'public' | 'user' | 'global_admin' | { case: CaseRole };

export const SESSION_COOKIE = 'cp_session';

/**
 * Who a bearer token or session is, and a user's role on a case, memoised for a moment:
 * without it every request pays two queries before doing its own work. Revoking a token,
 * signing out or changing a membership through the API clears the memo at once; the same
 * change made with the CLI next to a running server takes effect within AUTH_MEMO_MS.
 */
export const AUTH_MEMO_MS = 2_000;
export class AuthMemo {
  private entries = new Map<string, { at: number; value: unknown }>();
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < AUTH_MEMO_MS) return hit.value as T;
    const value = await load();
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(key, { at: Date.now(), value });
    return value;
  }
  clear(): void {
    this.entries.clear();
  }
}
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const AUTH_WRITES =
  /^\/api\/(?:(?:auth|tokens|users)(?:[/?]|$)|cases(?:[?]|$)|cases\/[^/?]+\/members)/;

export interface RegisteredRoute {
  method: string;
  url: string;
  access: AccessRule;
  audit?: string | false;
  /** The route's request schemas (Zod), for tests that fuzz every input. */
  schema?: { params?: unknown; querystring?: unknown; body?: unknown };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** Audit action name; writes are audited by default, `false` opts a route out. */
    audit?: string | false;
  }
  interface FastifyRequest {
    user: User | null;
    /** How the user proved who they are. */
    authVia: 'session' | 'token' | null;
    /** The case of a case-scoped route, once the caller's membership is checked. */
    caseId: string | null;
    caseRole: CaseRole | null;
    /** What a handler wants the audit record to carry beyond the route and status. */
    auditDetail: Record<string, unknown> | null;
  }
  interface FastifyInstance {
    routeTable: RegisteredRoute[];
    authMemo: AuthMemo;
  }
}

export function isValidAccessRule(rule: unknown): rule is AccessRule {
  if (rule === 'public' || rule === 'user' || rule === 'global_admin') return true;
  return (
    typeof rule === 'object' &&
    rule !== null &&
    Object.keys(rule).length === 1 &&
    isCaseRole((rule as { case?: unknown }).case)
  );
}

/**
 * Installs the onRoute guard (no rule, no route), the request decorations and the
 * onRequest hook that authenticates and enforces each route's rule. It runs before the
 * body is parsed, so an anonymous caller learns nothing from validation errors.
 */
export function installAccessControl(app: FastifyInstance): void {
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.decorate('authMemo', new AuthMemo());
  // Any write to users, tokens, sessions or memberships forgets what the memo knew.
  // (onSend, not onResponse: the memo is clear before the client can ask again.)
  app.addHook('onSend', async (request, _reply, payload) => {
    if (!SAFE_METHODS.has(request.method) && AUTH_WRITES.test(request.url)) app.authMemo.clear();
    return payload;
  });
  app.decorateRequest('user', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('caseId', null);
  app.decorateRequest('caseRole', null);
  app.decorateRequest('auditDetail', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!isValidAccessRule(access)) {
      throw new Error(
        `route ${methods.join(',')} ${route.url} declares no valid access rule (config.access)`,
      );
    }
    if (typeof access === 'object' && !route.url.includes(':caseId')) {
      throw new Error(`route ${route.url} has a case access rule but no :caseId parameter`);
    }
    for (const method of methods) {
      app.routeTable.push({
        method,
        url: route.url,
        access,
        audit: route.config?.audit,
        schema: route.schema as RegisteredRoute['schema'],
      });
    }
  });

  app.addHook('onRequest', async (request) => {
    // No text we store may hold a NUL (PostgreSQL refuses it): refuse it at the door.
    if (/%00/.test(request.url)) {
      throw new ChokepointError('CP_BAD_TEXT', 'the address holds a NUL character', {
        expected: 'no %00 in the path or query',
      });
    }
    const rule = request.routeOptions.config?.access;
    // Fastify's own not-found handler carries no rule; it answers 404 itself.
    if (rule === undefined || rule === 'public') {
      if (rule === 'public') await authenticate(request, { optional: true });
      return;
    }
    await authenticate(request, { optional: false });
    const user = request.user!;
    if (rule === 'user') return;
    if (rule === 'global_admin') {
      if (!user.is_admin) throw new ChokepointError('CP_FORBIDDEN', 'only an administrator may');
      return;
    }
    const caseId = (request.params as { caseId?: string }).caseId ?? '';
    const role = await request.server.authMemo.get(`role\u0000${user.id}\u0000${caseId}`, () =>
      caseRoleOf(request.server.store.db, user.id, caseId),
    );
    if (!role) {
      throw new ChokepointError('CP_NOT_FOUND', `no case "${caseId}"`, { field: 'caseId' });
    }
    if (!roleAtLeast(role, rule.case)) {
      throw new ChokepointError(
        'CP_FORBIDDEN',
        `your role on this case is ${role}; this needs ${rule.case}`,
      );
    }
    request.caseId = caseId;
    request.caseRole = role;
  });

  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.body)) {
      throw new ChokepointError('CP_BAD_TEXT', 'the body holds a NUL character', {
        field: 'body',
        expected: 'text without NUL (\\u0000) characters',
      });
    }
  });
}

/** True when a parsed JSON body holds a NUL character in any key or string. */
export function holdsNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => holdsNul(x, depth + 1));
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || holdsNul(x, depth + 1));
}

/**
 * Finds the caller: a bearer token (scripts) or the session cookie (browser). A cookie
 * alone must not be enough for a write: the page must also echo the session's CSRF token
 * in a header, which another site's form or script cannot read (synchroniser token
 * pattern, OWASP CSRF Prevention Cheat Sheet).
 */
async function authenticate(request: FastifyRequest, opts: { optional: boolean }): Promise<void> {
  const db = request.server.store.db;
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const user = m
      ? await request.server.authMemo.get(`token\u0000${m[1]!}`, () => userForToken(db, m[1]!))
      : undefined;
    if (!user) {
      if (opts.optional) return;
      throw new ChokepointError('CP_UNAUTHENTICATED', 'the bearer token is unknown or revoked');
    }
    request.user = user;
    request.authVia = 'token';
    return;
  }
  const secret = request.cookies?.[SESSION_COOKIE];
  const session = secret
    ? await request.server.authMemo.get(`session\u0000${secret}`, () => findSession(db, secret))
    : undefined;
  if (!session) {
    if (opts.optional) return;
    throw new ChokepointError(
      'CP_UNAUTHENTICATED',
      'sign in first (session cookie or bearer token)',
    );
  }
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (!csrfMatches(session.csrf_token, Array.isArray(sent) ? sent[0] : sent)) {
      if (opts.optional) return;
      throw new ChokepointError(
        'CP_FORBIDDEN',
        `a cookie-authenticated write must send the ${CSRF_HEADER} header given at sign-in`,
        { field: CSRF_HEADER },
      );
    }
  }
  request.user = session.user;
  request.authVia = 'session';
}

/** The case of a case-scoped route; only reachable after the access hook checked it. */
export function caseOf(request: FastifyRequest): string {
  if (!request.caseId) throw new ChokepointError('CP_INTERNAL', 'route is not case-scoped');
  return request.caseId;
}

export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new ChokepointError('CP_UNAUTHENTICATED', 'sign in first');
  return request.user;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  expires: string,
): void {
  void reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.protocol === 'https',
    expires: new Date(expires),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
}
