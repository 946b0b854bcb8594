import type { Kysely } from 'kysely';
import type { BlobStore } from './attachments';
import type { AccessCache, KeyStore } from './auth';
import type { ConsumerLinks, ListCache } from './complaints';
import type { Config } from './config';
import type { Database } from './db/database';
import type { DialectName } from './db/dialect';
import type { Transact } from './db/transact';
import type { EventListener } from './events';
import type { DashboardSlice, FiguresCache } from './figures';
import type { Clock } from './http/clock';
import { operationKit } from './http/operation';
import { type Principal, principalOf } from './http/principal';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { RateLimitStore } from './rate-limits';
import type { CalendarStore } from './sla';
import type { WebhookSecrets } from './webhooks';

/**
 * What `createApp(deps)` is built from: the database, keys, clock and configuration, and every
 * piece of state that belongs to one app (listeners, caches). Nothing of an app lives in module
 * scope, so two apps in one process (the tests make many) share nothing.
 */
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
  /** What runs inside the transaction of every `appendEvents` (the webhook outbox). */
  readonly eventListeners: readonly EventListener[];
  /** Complaints' list JSON by id and version (complaints/list-cache.ts). */
  readonly listCache: ListCache;
  /** The dashboard's counts of each month, kept while they hold (figures/cache.ts). */
  readonly figuresCache: FiguresCache<DashboardSlice>;
  /** Consumer links signed in the last day, sent again unchanged (complaints/notify.ts). */
  readonly consumerLinks: ConsumerLinks;
  /** Seals and opens the webhook endpoints' secrets with the data folder's key (webhooks/secrets.ts). */
  readonly webhookSecrets: WebhookSecrets;
  /** Where the attachments' bytes are: files in the data folder on SQLite, PostgreSQL's rows otherwise (attachments/store.ts). */
  readonly attachments: BlobStore;
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
