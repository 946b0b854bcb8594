import type { Context } from 'hono';
import type { RateLimitConfig } from '../config';
import type { AppDeps } from '../context';
import { problem } from '../http/problem';
import type { RateLimitStore } from './store';

const MINUTE = 60_000;
/** How long an account remembers its lock-outs after the last failure: a day without one forgives them. */
const STRIKE_MEMORY_MS = 24 * 3600_000;

type Deps = Pick<AppDeps, 'rateLimits' | 'clock' | 'config'>;

/** Where a limit stands for one request: what the RateLimit headers say. */
export interface Standing {
  limit: number;
  remaining: number;
  /** Seconds until the window starts again (or the lock-out ends). */
  resetSeconds: number;
  /** Set when the request is refused: seconds to wait. */
  retryAfterSeconds?: number;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** `RateLimit-Limit`, `-Remaining`, `-Reset` (and `Retry-After` when refused) on the answer. */
export function setRateLimitHeaders(headers: Headers, s: Standing): void {
  headers.set('RateLimit-Limit', String(s.limit));
  headers.set('RateLimit-Remaining', String(Math.max(0, s.remaining)));
  headers.set('RateLimit-Reset', String(s.resetSeconds));
  if (s.retryAfterSeconds !== undefined) headers.set('Retry-After', String(s.retryAfterSeconds));
}

/** The 429 answer (problem+json) with its headers. */
export function tooManyRequests(
  c: Context,
  s: Standing,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const res = problem(c, 429, detail, extra);
  setRateLimitHeaders(res.headers, s);
  return res;
}

/**
 * Counts one request against a per-minute limit (`/oauth/token` per client id, API calls per
 * principal). Windows are aligned to the minute, so every process agrees on where one starts.
 */
export async function countPerMinute(deps: Deps, key: string, limit: number): Promise<Standing> {
  const now = deps.clock.now();
  const start = now - (now % MINUTE);
  const counter = await deps.rateLimits.increment(key, {
    now,
    windowMs: MINUTE,
    start,
    expiresAt: start + MINUTE,
  });
  const resetSeconds = seconds(start + MINUTE - now);
  const standing: Standing = { limit, remaining: limit - counter.hits, resetSeconds };
  return counter.hits > limit ? { ...standing, retryAfterSeconds: resetSeconds } : standing;
}

/** A principal's share of the current minute, counted in the store and not yet admitted. */
interface Held {
  start: number;
  /** Hits counted in the store for this process and not yet used. */
  left: number;
  /** The key's count in the store after this process's last block (at most the limit). */
  counted: number;
  /** The store's count reached the limit: refused until the minute ends, without asking again. */
  full: boolean;
  taking?: Promise<void>;
}

/**
 * A per-minute limit counted in blocks (the API calls per principal): a process counts `block`
 * hits of a key's minute in the store at once and admits them from memory, so PostgreSQL sees
 * one statement per block instead of one per call, and concurrent calls of one principal do not
 * queue on its row. It never admits more than the limit across processes, since a call is
 * admitted only with a hit already counted in the store; once the store's count reaches the
 * limit, the rest of the minute is refused without asking it again. The price: a process may
 * hold up to `block - 1` counted hits unused when the minute ends, so the others may be
 * refused that many calls early. The block is 1% of the limit (at most 100; 1, exact counting,
 * below 200 a minute). With one process (SQLite) the count is exact.
 */
export class MinuteBlocks {
  private readonly held = new Map<string, Held>();
  readonly block: number;

  constructor(
    private readonly deps: Deps,
    private readonly limit: number,
  ) {
    this.block = Math.min(100, Math.max(1, Math.floor(limit / 100)));
  }

  async count(key: string): Promise<Standing> {
    for (;;) {
      const now = this.deps.clock.now();
      const start = now - (now % MINUTE);
      let held = this.held.get(key);
      if (!held || held.start !== start) {
        if (this.held.size >= 10_000) this.forgetBefore(start);
        held = { start, left: 0, counted: 0, full: false };
        this.held.set(key, held);
      }
      const resetSeconds = seconds(start + MINUTE - now);
      if (held.left > 0) {
        held.left -= 1;
        return { limit: this.limit, remaining: this.limit - (held.counted - held.left), resetSeconds };
      }
      if (held.full) {
        return { limit: this.limit, remaining: 0, resetSeconds, retryAfterSeconds: resetSeconds };
      }
      // One block counted at a time per key: calls arriving meanwhile wait for it.
      held.taking ??= this.take(key, held, now).finally(() => {
        held.taking = undefined;
      });
      await held.taking;
    }
  }

  private async take(key: string, held: Held, now: number): Promise<void> {
    const w = { now, windowMs: MINUTE, start: held.start, expiresAt: held.start + MINUTE };
    const counter = await this.deps.rateLimits.increment(key, w, this.block);
    held.left += Math.max(0, Math.min(this.block, this.limit - (counter.hits - this.block)));
    held.counted = Math.min(counter.hits, this.limit);
    if (counter.hits >= this.limit) held.full = true;
  }

  private forgetBefore(start: number): void {
    for (const [key, held] of this.held) if (held.start < start) this.held.delete(key);
  }
}

const accountKey = (email: string) => `signin:account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `signin:address:${address}`;

/** The wait of the n-th lock-out in a row (n from 0): the base, doubled each time, up to the maximum. */
export function lockoutMs(limits: RateLimitConfig, strikes: number): number {
  return Math.min(limits.lockoutSeconds * 2 ** Math.min(strikes, 30), limits.lockoutMaxSeconds) * 1000;
}

/** A sign-in attempt let through: the account's counter with this attempt counted. */
export interface SignInAttempt {
  kind: 'admitted';
  hits: number;
  strikes: number;
}

/**
 * Admits a sign-in attempt, or refuses it, before any password is looked at. Every attempt
 * is counted as a failure up front (atomically, so a burst of parallel guesses cannot all slip
 * past a counter read before any of them was counted) and forgiven if it succeeds. Refused
 * while the account (the typed email, known or not: the answer must not tell which) is locked
 * out or has no attempts left, or when the client address has failed too often in the window.
 * The right password is refused the same way during the wait.
 */
export async function admitSignIn(
  deps: Deps,
  email: string,
  address: string,
): Promise<SignInAttempt | { kind: 'refused'; standing: Standing }> {
  const limits = deps.config.rateLimits;
  const now = deps.clock.now();
  const windowMs = limits.signInWindowSeconds * 1000;
  const key = accountKey(email);
  const locked = (until: number) => {
    const wait = seconds(until - now);
    return {
      kind: 'refused' as const,
      standing: {
        limit: limits.signInAccountFailures,
        remaining: 0,
        resetSeconds: wait,
        retryAfterSeconds: wait,
      },
    };
  };
  // Attempts while locked are not counted: the wait is the same however often one knocks.
  const before = await deps.rateLimits.read(key, now);
  if (before && before.lockedUntil > now) return locked(before.lockedUntil);

  const byAddress = await deps.rateLimits.increment(addressKey(address), {
    now,
    windowMs,
    start: now,
    expiresAt: now + windowMs,
  });
  if (byAddress.hits > limits.signInAddressFailures) {
    const wait = seconds(byAddress.windowStart + windowMs - now);
    return {
      kind: 'refused',
      standing: {
        limit: limits.signInAddressFailures,
        remaining: 0,
        resetSeconds: wait,
        retryAfterSeconds: wait,
      },
    };
  }
  const account = await deps.rateLimits.increment(key, {
    now,
    windowMs,
    start: now,
    expiresAt: now + Math.max(windowMs, STRIKE_MEMORY_MS),
  });
  if (account.lockedUntil > now) return locked(account.lockedUntil);
  if (account.hits > limits.signInAccountFailures) {
    // Attempts running at once went past the limit: the first to fail locks the account.
    return locked(now + lockoutMs(limits, account.strikes));
  }
  return { kind: 'admitted', hits: account.hits, strikes: account.strikes };
}

/**
 * A failed attempt stays counted. The account's `signInAccountFailures`-th failure in the
 * window locks it out for `lockoutMs(strikes)`: 1, 2, 4 … minutes with the defaults, and the
 * count starts again after each lock-out.
 */
export async function signInFailed(deps: Deps, email: string, attempt: SignInAttempt): Promise<void> {
  const limits = deps.config.rateLimits;
  if (attempt.hits < limits.signInAccountFailures) return;
  const until = deps.clock.now() + lockoutMs(limits, attempt.strikes);
  await deps.rateLimits.lock(accountKey(email), attempt.strikes, until, until + STRIKE_MEMORY_MS);
}

/** A successful sign-in forgives the account's failures and lock-outs, and is not the address's failure. */
export async function signInSucceeded(deps: Deps, email: string, address: string): Promise<void> {
  await deps.rateLimits.clear(accountKey(email));
  await deps.rateLimits.forgive(addressKey(address));
}

/**
 * The client's address: the connection's peer, or with `trustProxy` the last address the proxy
 * in front added to `X-Forwarded-For` (the ones before it are the client's word, not the proxy's).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 100);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export type { RateLimitStore };
