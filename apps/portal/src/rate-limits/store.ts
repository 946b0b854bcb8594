import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';

/** A key's counter as it stands. */
export interface Counter {
  hits: number;
  windowStart: number;
  strikes: number;
  lockedUntil: number;
}

/** How `increment` counts: windows of `windowMs` starting at `start`; the row kept until `expiresAt`. */
export interface Window {
  now: number;
  windowMs: number;
  /** The start of a new window if the current one is over: `now`, or now aligned to the window. */
  start: number;
  expiresAt: number;
}

/**
 * Where the rate limits keep their counters: every operation is atomic on its own, so several
 * portal processes sharing one store count together. In memory on SQLite (one process owns
 * the database file), in the `rate_limits` table on PostgreSQL.
 */
export interface RateLimitStore {
  /**
   * Adds `by` hits (one unless told) to the key's window (a new window when the last is over)
   * and answers the counter after it.
   */
  increment(key: string, w: Window, by?: number): Promise<Counter>;
  /** The counter, or null when there is none or it expired. */
  read(key: string, now: number): Promise<Counter | null>;
  /**
   * Locks the key until `until` and starts its counting again, if its strikes are still
   * `strikes` (another process did not lock it first): one lock-out per run of failures.
   */
  lock(key: string, strikes: number, until: number, expiresAt: number): Promise<void>;
  clear(key: string): Promise<void>;
  /** Takes one hit back (an attempt counted up front that turned out well). */
  forgive(key: string): Promise<void>;
}

interface Entry extends Counter {
  expiresAt: number;
}

/**
 * The counters in this process's memory (SQLite: one process). Bounded: expired entries are
 * dropped as the clock passes them, and past `maxKeys` the oldest keys are forgotten first, so
 * a flood of made-up emails cannot grow it without end.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private nextSweep = 0;

  constructor(private readonly maxKeys = 100_000) {}

  /** How many keys are held (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep && this.entries.size < this.maxKeys) return;
    this.nextSweep = now + 60_000;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxKeys) break;
      this.entries.delete(key);
    }
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async increment(key: string, w: Window, by = 1): Promise<Counter> {
    this.sweep(w.now);
    const entry = this.live(key, w.now);
    if (!entry) {
      const fresh = { hits: by, windowStart: w.start, strikes: 0, lockedUntil: 0, expiresAt: w.expiresAt };
      this.entries.set(key, fresh);
      return { ...fresh };
    }
    if (entry.windowStart + w.windowMs <= w.now) {
      entry.hits = by;
      entry.windowStart = w.start;
    } else {
      entry.hits += by;
    }
    entry.expiresAt = Math.max(entry.expiresAt, w.expiresAt);
    return {
      hits: entry.hits,
      windowStart: entry.windowStart,
      strikes: entry.strikes,
      lockedUntil: entry.lockedUntil,
    };
  }

  async read(key: string, now: number): Promise<Counter | null> {
    const entry = this.live(key, now);
    return entry
      ? {
          hits: entry.hits,
          windowStart: entry.windowStart,
          strikes: entry.strikes,
          lockedUntil: entry.lockedUntil,
        }
      : null;
  }

  async lock(key: string, strikes: number, until: number, expiresAt: number): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.strikes !== strikes) return;
    entry.strikes = strikes + 1;
    entry.lockedUntil = until;
    entry.hits = 0;
    entry.expiresAt = Math.max(entry.expiresAt, expiresAt);
  }

  async clear(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async forgive(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry && entry.hits > 0) entry.hits -= 1;
  }
}

/**
 * The counters in the `rate_limits` table (PostgreSQL, UNLOGGED there): one statement per
 * operation, so processes counting the same key at once never lose a hit. Expired rows are
 * deleted now and then by whichever process passes, at most once a minute each.
 */
export class SqlRateLimitStore implements RateLimitStore {
  private nextPrune = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async increment(key: string, w: Window, by = 1): Promise<Counter> {
    await this.prune(w.now);
    const { rows } = await sql<{ hits: number; window_start: number; strikes: number; locked_until: number }>`
      insert into rate_limits as r (key, window_start, hits, strikes, locked_until, expires_at)
      values (${key}, ${w.start}, ${by}, 0, 0, ${w.expiresAt})
      on conflict (key) do update set
        hits = case
          when r.expires_at <= ${w.now} or r.window_start + ${w.windowMs} <= ${w.now} then ${by}
          else r.hits + ${by} end,
        window_start = case
          when r.expires_at <= ${w.now} or r.window_start + ${w.windowMs} <= ${w.now} then ${w.start}
          else r.window_start end,
        strikes = case when r.expires_at <= ${w.now} then 0 else r.strikes end,
        locked_until = case when r.expires_at <= ${w.now} then 0 else r.locked_until end,
        expires_at = case when r.expires_at > ${w.expiresAt} then r.expires_at else ${w.expiresAt} end
      returning hits, window_start, strikes, locked_until`.execute(this.db);
    const row = rows[0]!;
    return {
      hits: Number(row.hits),
      windowStart: Number(row.window_start),
      strikes: Number(row.strikes),
      lockedUntil: Number(row.locked_until),
    };
  }

  async read(key: string, now: number): Promise<Counter | null> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select(['hits', 'window_start', 'strikes', 'locked_until'])
      .where('key', '=', key)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row
      ? {
          hits: Number(row.hits),
          windowStart: Number(row.window_start),
          strikes: Number(row.strikes),
          lockedUntil: Number(row.locked_until),
        }
      : null;
  }

  async lock(key: string, strikes: number, until: number, expiresAt: number): Promise<void> {
    await sql`
      update rate_limits set strikes = ${strikes + 1}, locked_until = ${until}, hits = 0,
        expires_at = case when expires_at > ${expiresAt} then expires_at else ${expiresAt} end
      where key = ${key} and strikes = ${strikes}`.execute(this.db);
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }

  async forgive(key: string): Promise<void> {
    await sql`update rate_limits set hits = hits - 1 where key = ${key} and hits > 0`.execute(this.db);
  }

  private async prune(now: number): Promise<void> {
    if (now < this.nextPrune) return;
    this.nextPrune = now + 60_000;
    await this.db.deleteFrom('rate_limits').where('expires_at', '<=', now).execute();
  }
}
