/**
 * `rate_limits`: one counter per key (`signin:account:<email>`, `signin:address:<ip>`,
 * `token:<client id>`, `api:<principal>`), shared by every portal process on PostgreSQL.
 * Times are epoch milliseconds; a row past `expires_at` counts as absent.
 */
export interface RateLimitTable {
  key: string;
  /** Start of the counting window (aligned to the window for per-minute limits). */
  window_start: number;
  hits: number;
  /** How many lock-outs in a row this key has earned (sign-in accounts): each doubles the wait. */
  strikes: number;
  /** Refused until then (0: not locked). */
  locked_until: number;
  expires_at: number;
}
