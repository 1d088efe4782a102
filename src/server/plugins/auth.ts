import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ApiTokenSchema,
  IssuedTokenSchema,
  MembershipSchema,
  SessionSchema,
  UserSchema,
  type User,
} from '../../access/schema.ts';
import { ChokepointError } from '../../core/errors.ts';
import {
  checkPassword,
  createSession,
  createToken,
  createUser,
  deleteSession,
  findSession,
  listTokens,
  listUsers,
  membershipsOf,
  revokeToken,
} from '../../store/users.ts';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, userOf } from '../auth.ts';
import { COMMON_ERRORS } from '../schemas.ts';

/** Who is signed in: the user, the session's CSRF token (null with a bearer token), their cases. */
const Me = z
  .object({
    user: UserSchema.pick({ id: true, username: true, is_admin: true }),
    csrf_token: SessionSchema.shape.csrf_token.nullable(),
    cases: z.array(MembershipSchema),
  })
  .meta({ id: 'Me' });

const Login = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export interface AuthOptions {
  loginAttempts?: LoginLimits;
}

/**
 * Sign-in attempts allowed per window: `max` per IP and username, `perIp` per IP across
 * usernames (default 30, or 3 × max when that is more), `perUsername` per username across
 * IPs (the same default).
 */
export interface LoginLimits {
  max: number;
  windowMs: number;
  perIp?: number;
  perUsername?: number;
}

/** The username a login names, folded as usernames are compared (without regard to case). */
function loginName(req: FastifyRequest): string {
  return String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase();
}

async function me(req: FastifyRequest, user: User, csrf: string | null) {
  return {
    user: { id: user.id, username: user.username, is_admin: user.is_admin },
    csrf_token: csrf,
    cases: await membershipsOf(req.server.store.db, user.id),
  };
}

/** Sign-in, sign-out, who am I, API tokens, and user management for global admins. */
export async function authRoutes(base: FastifyInstance, opts: AuthOptions): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const limit = opts.loginAttempts ?? { max: 10, windowMs: 60_000 };
  // Across usernames from one address (one address trying many accounts), and across
  // addresses for one username (many addresses trying one account).
  const wide = Math.max(30, 3 * limit.max);
  const across = [
    {
      name: 'address',
      check: app.createRateLimit({
        max: limit.perIp ?? wide,
        timeWindow: limit.windowMs,
        keyGenerator: (req: FastifyRequest) => `login-ip|${req.ip}`,
      }),
    },
    {
      name: 'username',
      check: app.createRateLimit({
        max: limit.perUsername ?? wide,
        timeWindow: limit.windowMs,
        keyGenerator: (req: FastifyRequest) => `login-user|${loginName(req)}`,
      }),
    },
  ];

  app.post(
    '/api/auth/login',
    {
      config: {
        access: 'public',
        audit: 'auth.login',
        // Per IP and username: guessing one account's password from one address is slow,
        // and one noisy address does not lock others out of their accounts.
        rateLimit: {
          max: limit.max,
          timeWindow: limit.windowMs,
          hook: 'preHandler',
          keyGenerator: (req: FastifyRequest) => `${req.ip}|${loginName(req)}`,
        },
      },
      preHandler: async (req, reply) => {
        for (const { name, check } of across) {
          const r = await check(req);
          if (!r.isAllowed && r.isExceeded) {
            void reply.header('retry-after', String(r.ttlInSeconds));
            throw new ChokepointError(
              'CP_RATE_LIMITED',
              `too many sign-in attempts from this ${name}; try again in ${r.ttlInSeconds} s`,
            );
          }
        }
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the cp_session cookie and returns the CSRF token',
        body: Login,
        response: { 200: Me, 429: COMMON_ERRORS[400], ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const db = req.server.store.db;
      const user = await checkPassword(db, req.body.username, req.body.password);
      req.auditDetail = { username: req.body.username };
      if (!user) throw new ChokepointError('CP_UNAUTHENTICATED', 'wrong username or password');
      req.user = user;
      const s = await createSession(db, user.id);
      setSessionCookie(req, reply, s.secret, s.expires_at);
      return me(req, user, s.csrf_token);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'user', audit: 'auth.logout' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session',
        response: { 200: z.object({ ok: z.literal(true) }), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const secret = req.cookies[SESSION_COOKIE];
      if (secret) await deleteSession(req.server.store.db, secret);
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their CSRF token (cookie sessions) and their cases',
        response: { 200: Me, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      let csrf: string | null = null;
      if (req.authVia === 'session') {
        const session = await findSession(req.server.store.db, req.cookies[SESSION_COOKIE]!);
        csrf = session?.csrf_token ?? null;
      }
      return me(req, userOf(req), csrf);
    },
  );

  app.post(
    '/api/tokens',
    {
      config: { access: 'user', audit: 'token.create' },
      schema: {
        tags: ['auth'],
        summary: 'Issue a bearer token for scripts (shown once, stored hashed)',
        body: z.object({ name: z.string().min(1).max(200) }),
        response: { 201: IssuedTokenSchema, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const t = await createToken(req.server.store.db, userOf(req).id, req.body.name);
      req.auditDetail = { token_id: t.id, name: req.body.name };
      return reply.status(201).send(t);
    },
  );

  app.get(
    '/api/tokens',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: "The caller's tokens (never the secrets)",
        response: { 200: z.object({ items: z.array(ApiTokenSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await listTokens(req.server.store.db, userOf(req).id) }),
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: 'user', audit: 'token.revoke' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your tokens',
        params: z.object({ id: z.string().min(1).max(200) }),
        response: { 200: z.object({ revoked: z.string() }), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const ok = await revokeToken(req.server.store.db, userOf(req).id, req.params.id);
      if (!ok) throw new ChokepointError('CP_NOT_FOUND', `no live token "${req.params.id}"`);
      return { revoked: req.params.id };
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: 'global_admin' },
      schema: {
        tags: ['users'],
        summary: 'Every user (global admins)',
        response: { 200: z.object({ items: z.array(UserSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await listUsers(req.server.store.db) }),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'global_admin', audit: 'user.create' },
      schema: {
        tags: ['users'],
        summary: 'Create a user (global admins); grant cases with PUT …/members/:userId',
        body: z.object({
          username: UserSchema.shape.username.min(1).max(64),
          password: z.string().min(1).max(1024),
          is_admin: UserSchema.shape.is_admin.default(false),
        }),
        response: { 201: UserSchema, ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const u = await createUser(req.server.store.db, {
        username: req.body.username,
        password: req.body.password,
        isAdmin: req.body.is_admin,
      });
      req.auditDetail = { user_id: u.id, username: u.username, is_admin: u.is_admin };
      return reply.status(201).send(u);
    },
  );
}
