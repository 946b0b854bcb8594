import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config';

/**
 * The Content-Security-Policy of every answer. The pages run no script at all (server-rendered
 * forms), so `script-src` is `'none'`, and an injected `<script>` or `onclick=` does not run;
 * styles come from the portal's own stylesheets, plus the inline style elements whose hashes
 * the app passes in (the one of `/api/docs`, `openapi/docs-style.ts`). Nothing may frame a page
 * (`frame-ancestors 'none'`), and forms post only to the portal.
 */
export const contentSecurityPolicy = (inlineStyleHashes: readonly string[]) => ({
  defaultSrc: ["'none'"],
  scriptSrc: ["'none'"],
  styleSrc: ["'self'", ...inlineStyleHashes],
  imgSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
});

/** Whether cookies are marked `Secure`: whenever the public address is https, and always in production. */
export const secureCookies = (config: Pick<Config, 'publicUrl' | 'mode'>): boolean =>
  config.publicUrl.startsWith('https:') || config.mode === 'production';

/**
 * Headers on every answer, pages and API alike (hono's secureHeaders): the CSP above,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `X-Frame-Options: DENY`
 * for browsers without `frame-ancestors`, and `Strict-Transport-Security` when the public
 * address is https. API answers are `Cache-Control: no-store` unless a route chose otherwise
 * (the public OpenAPI document and key set): they carry personal data, some a consumer's whole
 * phone number, which no shared or browser cache should keep.
 */
export function securityHeaders(config: Config, inlineStyleHashes: readonly string[]): MiddlewareHandler {
  const https = config.publicUrl.startsWith('https:');
  const headers = secureHeaders({
    contentSecurityPolicy: contentSecurityPolicy(inlineStyleHashes),
    strictTransportSecurity: https ? 'max-age=31536000' : false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
  });
  return async function securityHeaders(c, next) {
    await headers(c, next);
    if (c.req.path.startsWith('/api/v1/') && !c.res.headers.has('Cache-Control')) {
      c.res.headers.set('Cache-Control', 'no-store');
    }
  };
}
