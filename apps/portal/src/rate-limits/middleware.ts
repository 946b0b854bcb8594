import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../context';
import type { AuthVariables } from '../http/env';
import { MinuteBlocks, setRateLimitHeaders, tooManyRequests } from './limiter';

/**
 * API calls per principal (an API client, or a signed-in user) per minute: generous, since
 * integrations page through thousands of complaints, but a runaway loop is stopped. Every
 * answer carries the RateLimit headers; past the limit the answer is 429 with `Retry-After`.
 * Counted in blocks (`MinuteBlocks`): one statement in the store per block of calls, not per call.
 */
export function apiRateLimit(deps: AppDeps): MiddlewareHandler<{ Variables: AuthVariables }> {
  const limit = deps.config.rateLimits.apiPerMinute;
  const counter = new MinuteBlocks(deps, limit);
  return async function apiRateLimit(c, next) {
    const principal = c.get('principal');
    if (limit === 0 || !principal) return next();
    const standing = await counter.count(`api:${principal.kind}:${principal.id}`);
    if (standing.retryAfterSeconds !== undefined) {
      return tooManyRequests(c, standing, `more than ${limit} API calls in a minute: wait and try again`);
    }
    await next();
    setRateLimitHeaders(c.res.headers, standing);
  };
}
