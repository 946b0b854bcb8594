import type { Context } from 'hono';
import { PROBLEM_TYPE_BASE, problem } from './problem';

const SAFE_METHODS = /^(GET|HEAD|OPTIONS)$/;

/**
 * Whether a browser says this request comes from the portal's own pages. `Sec-Fetch-Site`
 * (sent by every current browser) is believed first; without it, `Origin` must be the portal's
 * public origin or the origin the request was addressed to. A request with neither is not
 * same-origin: every browser sends `Origin` on a POST, so only a non-browser caller lacks both,
 * and such a caller uses a Bearer token, not the session cookie.
 */
export function isSameOrigin(c: Context, publicOrigin: string): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('Origin');
  if (origin === undefined) return false;
  return origin === publicOrigin || origin === new URL(c.req.url).origin;
}

export const isUnsafeMethod = (method: string) => !SAFE_METHODS.test(method);

/** The 403 of a cookie-authenticated write from elsewhere (problem+json). */
export function crossSiteRefused(c: Context): Response {
  return problem(
    c,
    403,
    'a signed-in session may change things only from the portal’s own pages (Origin or Sec-Fetch-Site must name this site); API clients send a Bearer token',
    { type: `${PROBLEM_TYPE_BASE}cross-site`, title: 'Cross-site request refused' },
  );
}
