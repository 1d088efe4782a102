import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer (issue 18, item 6). The web app's policy allows only
 * what it loads from its own origin (scripts, styles, the API), images also as data: URIs
 * (the map's marker and layer icons are inlined by the build); an HTML report may hold
 * no script and load nothing at all (its styles and charts are inline). No page may be
 * framed (`frame-ancestors 'none'`, and `X-Frame-Options: DENY` for older browsers), and
 * no answer may be sniffed into another type.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const REPORT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Anything else (JSON, exports, files): nothing to load, nothing to run, never framed. */
export const NONE_CSP = "default-src 'none'; frame-ancestors 'none'";

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    const html = /^text\/html\b/i.test(type);
    const path = request.url.split('?')[0]!;
    const csp = !html ? NONE_CSP : path.startsWith('/api/') ? REPORT_CSP : APP_CSP;
    void reply.headers({
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    return payload;
  });
}
