import { resolve } from 'node:path';
import { PERSONAL_DATA_RETENTION_DAYS } from '@redress/core';
import { z } from 'zod';

const count = (min: number) => z.coerce.number().int().min(min).max(1_000_000_000);

/** The rate limits (rate-limits/limiter.ts; docs/security.md "Rate limits"). */
const RateLimitSchema = z.object({
  /** Failed sign-ins of one account (the typed email) in the window before it is locked out. */
  signInAccountFailures: count(1),
  /** Failed sign-ins from one client address in the window before it must wait for the window's end. */
  signInAddressFailures: count(1),
  signInWindowSeconds: count(1),
  /** The first lock-out; each further one in a row doubles it, up to `lockoutMaxSeconds`. */
  lockoutSeconds: count(1),
  lockoutMaxSeconds: count(1),
  /** `POST /oauth/token` per client id per minute. */
  tokenPerMinute: count(1),
  /** API calls per principal (API client or signed-in user) per minute; 0 turns the limit off. */
  apiPerMinute: count(0),
  /** Take the client address from the last `X-Forwarded-For` entry (behind a reverse proxy). */
  trustProxy: z.boolean(),
});
export type RateLimitConfig = Readonly<z.infer<typeof RateLimitSchema>>;

/** The defaults: see docs/security.md for why these values. */
export const RATE_LIMIT_DEFAULTS: RateLimitConfig = Object.freeze({
  signInAccountFailures: 5,
  signInAddressFailures: 50,
  signInWindowSeconds: 15 * 60,
  lockoutSeconds: 60,
  lockoutMaxSeconds: 3600,
  tokenPerMinute: 30,
  apiPerMinute: 3000,
  trustProxy: false,
});

const ConfigSchema = z.object({
  /**
   * `development`, `test` or `production`. Production refuses to seed the demo world and
   * refuses webhook URLs that are not https to a public address. The serving commands default
   * to production; `redress start` (the newcomer's `npm start`) to development.
   */
  mode: z.enum(['development', 'test', 'production']),
  port: z.coerce.number().int().min(0).max(65_535),
  dataDir: z.string().min(1),
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…` */
  databaseUrl: z.string().regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://'),
  /** The public address of the portal, for consumer links and docs. */
  publicUrl: z.url(),
  /** Prefix of the human reference numbers (PD-2026-000123). */
  referencePrefix: z.string().regex(/^[A-Z]{1,6}$/),
  accessTokenTtlSeconds: z.coerce.number().int().min(60).max(86_400),
  sessionTtlSeconds: z.coerce
    .number()
    .int()
    .min(300)
    .max(30 * 86_400),
  /** Run the background jobs (SLA sweeper, webhook delivery) inside `serve`. */
  workers: z.boolean(),
  /** On SIGTERM, how long requests and job steps in flight may take before connections are cut. */
  shutdownGraceSeconds: z.coerce.number().int().min(0).max(3600),
  /** The bearer token `GET /metrics` asks for; without one, /metrics is not on the main port. */
  metricsToken: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  /** A port of its own for `/metrics` (serve and worker), on `metricsHost`. */
  metricsPort: z.coerce.number().int().min(0).max(65_535).optional(),
  metricsHost: z.string().min(1),
  /** Housekeeping deletes webhook attempts, and delivered webhook deliveries, older than this. */
  webhookLogRetentionDays: z.coerce.number().int().min(1).max(3650),
  /** Personal data of an ended complaint is erased this long after its last change (PIPL). */
  personalDataRetentionDays: z.coerce.number().int().min(1).max(36_500),
  rateLimits: RateLimitSchema,
  /**
   * Where notice mails are sent (`smtp://user:pass@host:587`, `smtps://…:465`); without one
   * they go to the `notifications` table and the log (docs/notices.md).
   */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/[^/\s]+/, 'must be smtp://[user:pass@]host[:port] or smtps://…')
    .optional(),
  /** The From of notice mails: `Name <address>` or an address. */
  mailFrom: z.string().min(3).max(200),
});
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** The notice mails' From when REDRESS_MAIL_FROM is not set: no-reply at the portal's host. */
function defaultMailFrom(publicUrl: string): string {
  let host = 'localhost';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // an invalid public URL is reported by the schema
  }
  return `Redress <no-reply@${host}>`;
}

/**
 * The one place that reads the environment. Fails fast with every problem at once.
 * `defaultMode` is the mode when neither REDRESS_MODE nor NODE_ENV=production says one: the
 * CLI passes `development` for `start` only, so anything that serves for real is production
 * unless told otherwise.
 * @example loadConfig({ PORT: '8080' }).databaseUrl // 'sqlite:/…/data/redress.db'
 */
export function loadConfig(
  environment: Record<string, string | undefined>,
  defaultMode: Config['mode'] = 'production',
): Config {
  // An empty variable is an unset one (`DATABASE_URL= redress start`).
  const env = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== undefined && v !== ''));
  const dataDir = resolve(env.REDRESS_DATA_DIR ?? './data');
  const port = env.PORT ?? '8787';
  const parsed = ConfigSchema.safeParse({
    mode: env.REDRESS_MODE ?? (env.NODE_ENV === 'production' ? 'production' : defaultMode),
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${resolve(dataDir, 'redress.db')}`,
    publicUrl: env.REDRESS_PUBLIC_URL ?? `http://localhost:${port}`,
    referencePrefix: env.REDRESS_REFERENCE_PREFIX ?? 'PD',
    accessTokenTtlSeconds: env.REDRESS_ACCESS_TOKEN_TTL ?? 900,
    sessionTtlSeconds: env.REDRESS_SESSION_TTL ?? 8 * 3600,
    workers: (env.REDRESS_WORKERS ?? 'true') !== 'false',
    shutdownGraceSeconds: env.REDRESS_SHUTDOWN_GRACE ?? 25,
    metricsToken: env.REDRESS_METRICS_TOKEN,
    metricsPort: env.REDRESS_METRICS_PORT,
    metricsHost: env.REDRESS_METRICS_HOST ?? '127.0.0.1',
    webhookLogRetentionDays: env.REDRESS_WEBHOOK_LOG_RETENTION_DAYS ?? 30,
    personalDataRetentionDays: env.REDRESS_PERSONAL_DATA_RETENTION_DAYS ?? PERSONAL_DATA_RETENTION_DAYS,
    rateLimits: {
      signInAccountFailures: env.REDRESS_SIGNIN_ACCOUNT_FAILURES ?? RATE_LIMIT_DEFAULTS.signInAccountFailures,
      signInAddressFailures: env.REDRESS_SIGNIN_ADDRESS_FAILURES ?? RATE_LIMIT_DEFAULTS.signInAddressFailures,
      signInWindowSeconds: env.REDRESS_SIGNIN_WINDOW ?? RATE_LIMIT_DEFAULTS.signInWindowSeconds,
      lockoutSeconds: env.REDRESS_LOCKOUT ?? RATE_LIMIT_DEFAULTS.lockoutSeconds,
      lockoutMaxSeconds: env.REDRESS_LOCKOUT_MAX ?? RATE_LIMIT_DEFAULTS.lockoutMaxSeconds,
      tokenPerMinute: env.REDRESS_TOKEN_RATE ?? RATE_LIMIT_DEFAULTS.tokenPerMinute,
      apiPerMinute: env.REDRESS_API_RATE ?? RATE_LIMIT_DEFAULTS.apiPerMinute,
      trustProxy: env.REDRESS_TRUST_PROXY === 'true',
    },
    smtpUrl: env.REDRESS_SMTP_URL,
    mailFrom: env.REDRESS_MAIL_FROM ?? defaultMailFrom(env.REDRESS_PUBLIC_URL ?? `http://localhost:${port}`),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

/** A configuration for tests and tools: in-memory SQLite, test mode. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return Object.freeze({
    mode: 'test',
    port: 0,
    dataDir: '/nonexistent',
    databaseUrl: 'sqlite::memory:',
    publicUrl: 'http://localhost:8787',
    referencePrefix: 'PD',
    accessTokenTtlSeconds: 900,
    sessionTtlSeconds: 8 * 3600,
    workers: false,
    shutdownGraceSeconds: 25,
    metricsHost: '127.0.0.1',
    webhookLogRetentionDays: 30,
    personalDataRetentionDays: PERSONAL_DATA_RETENTION_DAYS,
    rateLimits: RATE_LIMIT_DEFAULTS,
    mailFrom: 'Redress <no-reply@localhost>',
    ...overrides,
  });
}
