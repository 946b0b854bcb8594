/**
 * The front door of `rate-limits/`: the rate limits and their store. Other folders import only this file
 * (docs/architecture.md, "Who may import whom").
 */
export {
  admitSignIn,
  clientAddress,
  countPerMinute,
  setRateLimitHeaders,
  signInFailed,
  signInSucceeded,
  tooManyRequests,
} from './limiter';
export { apiRateLimit } from './middleware';
export { MemoryRateLimitStore, type RateLimitStore, SqlRateLimitStore } from './store';
