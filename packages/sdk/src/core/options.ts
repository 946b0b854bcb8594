/** Options of one call; every SDK method takes them last. */
export interface RequestOptions {
  /** Milliseconds to wait for each attempt's answer. Default: the client's `timeout` (60 000). */
  timeout?: number;
  /** Retries after the first attempt. Default: the client's `maxRetries` (2). */
  maxRetries?: number;
  /** Aborts the call, its retries and its waits; the call then rejects with `AbortError`. */
  signal?: AbortSignal;
  /** For a POST: your own `Idempotency-Key` (else a random UUID, the same for every retry). */
  idempotencyKey?: string;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}

/** Somewhere to write debug lines; `console` will do. The SDK never logs a secret or a token. */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** What `onRequest` sees: the Authorization header is redacted. */
export interface RequestInfo {
  method: string;
  url: string;
  attempt: number;
  headers: Record<string, string>;
}

/** What `onResponse` sees, for every attempt that got an answer. */
export interface ResponseInfo {
  method: string;
  url: string;
  attempt: number;
  status: number;
  durationMs: number;
  requestId: string | undefined;
  headers: Headers;
}

/** Debugging aids: a logger and hooks around every attempt. */
export interface ClientHooks {
  logger?: Logger | undefined;
  onRequest?: ((info: RequestInfo) => void) | undefined;
  onResponse?: ((info: ResponseInfo) => void) | undefined;
}

/**
 * How to reach and authenticate with Redress. Unset options fall back to the environment
 * where there is one: `REDRESS_CLIENT_ID`, `REDRESS_CLIENT_SECRET`, `REDRESS_BASE_URL`,
 * `REDRESS_ACCESS_TOKEN`.
 */
export interface ClientOptions extends ClientHooks {
  /** The portal's address, e.g. `https://redress.example.cn`. */
  baseUrl?: string;
  /** An API client's id (`cli_…`), for OAuth 2 client credentials. */
  clientId?: string;
  /** That client's secret; never logged. */
  clientSecret?: string;
  /** Scopes to ask for, e.g. `'read'`. Default: all the client has (`read write`). */
  scope?: string;
  /** A token obtained elsewhere, instead of client credentials (it cannot be refreshed). */
  accessToken?: string;
  /** Default 2. */
  maxRetries?: number;
  /** Milliseconds per attempt; default 60 000. */
  timeout?: number;
  /** A `fetch` to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
}
