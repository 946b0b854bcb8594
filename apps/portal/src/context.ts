import type { Kysely } from 'kysely';
import type { AccessCache } from './auth/access-cache';
import type { KeyStore } from './auth/keys';
import { principalOf } from './auth/middleware';
import type { Principal } from './auth/principal';
import type { Config } from './config';
import type { Database } from './db/database';
import type { DialectName } from './db/dialect';
import type { Transact } from './db/transact';
import type { Clock } from './http/clock';
import { operationKit } from './http/operation';
import type { Logger } from './logger';
import type { Metrics } from './metrics/metrics';
import type { RateLimitStore } from './rate-limits/store';
import type { CalendarStore } from './sla/calendar-store';

/** What `createApp(deps)` is built from: the database, keys, clock and configuration. */
export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Runs a function in a transaction: every atomic write goes through this (db/transact.ts). */
  readonly transact: Transact;
  readonly keys: KeyStore;
  readonly clock: Clock;
  readonly config: Config;
  readonly log: Logger;
  readonly calendars: CalendarStore;
  /** The rate limits' counters: in memory on SQLite, in the database on PostgreSQL (shared by every process). */
  readonly rateLimits: RateLimitStore;
  /** What access checks remember, per app: verified tokens, which API clients are live. */
  readonly access: AccessCache;
  /** This runtime's Prometheus registry and metrics (never prom-client's global registry). */
  readonly metrics: Metrics;
}

/** What every service verb receives: the dependencies and who is acting. */
export interface ServiceContext extends AppDeps {
  readonly principal: Principal;
}

export function withPrincipal(deps: AppDeps, principal: Principal): ServiceContext {
  return { ...deps, principal };
}

/**
 * A route's service context: the request's principal, and the request's own `transact` when it
 * has one (a keyed POST's, which records the answer in the action's transaction).
 */
export function contextOf(
  deps: AppDeps,
  c: { get(key: 'principal'): Principal | undefined; get(key: 'transact'): Transact | undefined },
): ServiceContext {
  const principal = principalOf(c);
  const transact = c.get('transact');
  return transact ? { ...deps, principal, transact } : { ...deps, principal };
}

/**
 * Declares an operation of the REST API beside its handler, and builds a feature's router from
 * its operations (http/operation.ts; docs/architecture.md, "Adding an operation").
 */
export const { operation, operationRoutes } = operationKit<AppDeps>();
