import { ApiPromise, type WithResponse } from '../core/api-promise';
import { AbortError, apiError, ConnectionError, RedressError, TimeoutError } from '../core/errors';
import type { ClientHooks, RequestOptions } from '../core/options';
import { randomUuid } from './random';
import { backoffMs, isRetryableStatus, retryAfterMs } from './retry';
import { abortable, attemptSignal, sleep, throwIfAborted } from './signals';
import type { TokenSource } from './tokens';

export type QueryValue = string | number | boolean | readonly (string | number)[] | null | undefined;

/** One API call as the resources describe it. */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** From the base URL, e.g. `/api/v1/complaints`. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  /** A form body instead of JSON (`/oauth/token`). */
  form?: Record<string, string>;
  /**
   * A multipart body instead of JSON (an attachment's upload): made anew for each attempt, so
   * a retry sends the file again (a `Blob` is read from its source each time, never copied here).
   */
  multipart?: () => FormData;
  /** Answer the `Response` itself, its body unread (a download, to stream). */
  raw?: boolean;
  /** Send the bearer token (all but `/oauth/token`). */
  auth?: boolean;
  options?: RequestOptions | undefined;
}

export interface HttpConfig extends ClientHooks {
  baseUrl: string;
  fetch: typeof fetch;
  maxRetries: number;
  timeout: number;
  tokens: TokenSource | undefined;
}

interface Answer {
  response: Response;
  data: unknown;
}

const redact = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, k === 'Authorization' ? 'Bearer [redacted]' : v]),
  );

function parse(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (!/\bjson\b/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends requests: the bearer token, an `Idempotency-Key` on every POST (the same across its
 * retries), retries with backoff on network errors, 408, 429 and 5xx (honouring
 * `Retry-After`), one token refresh on a 401, a timeout per attempt, and the caller's signal.
 */
export class HttpClient {
  constructor(readonly config: HttpConfig) {}

  request<T>(req: ApiRequest): ApiPromise<T> {
    return new ApiPromise(this.send<T>(req));
  }

  url(path: string, query: ApiRequest['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
    }
    const search = params.toString();
    return `${this.config.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  private async send<T>(req: ApiRequest): Promise<WithResponse<T>> {
    const { config } = this;
    const options = req.options ?? {};
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const url = this.url(req.path, req.query);
    const body = req.form
      ? new URLSearchParams(req.form).toString()
      : req.body === undefined
        ? undefined
        : JSON.stringify(req.body);
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    // A multipart body's Content-Type (with its boundary) is fetch's to set.
    if (body !== undefined && !req.multipart) {
      headers['Content-Type'] = req.form ? 'application/x-www-form-urlencoded' : 'application/json';
    }
    // One key for the call, so a retry of a POST the portal already acted on is answered, not repeated.
    if (req.method === 'POST' && req.auth !== false)
      headers['Idempotency-Key'] = options.idempotencyKey ?? randomUuid();
    let retries = 0;
    let reauthorized = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(options.signal);
      let token: string | undefined;
      if (req.auth !== false) {
        if (!config.tokens)
          throw new RedressError('no credentials: pass clientId and clientSecret, or accessToken');
        token = await abortable(config.tokens.token(), options.signal);
        headers.Authorization = `Bearer ${token}`;
      }
      let answer: Answer;
      try {
        answer = await this.once(
          req.method,
          url,
          headers,
          req.multipart?.() ?? body,
          options,
          attempt,
          req.raw,
        );
      } catch (err) {
        if (err instanceof AbortError || retries >= maxRetries) throw err;
        await this.wait(backoffMs(retries++), options.signal, {
          method: req.method,
          url,
          attempt,
          error: err,
        });
        continue;
      }
      const { response, data } = answer;
      if (response.ok)
        return {
          data: (req.raw ? response : data) as T,
          response,
          requestId: response.headers.get('x-request-id') ?? undefined,
        };
      if (response.status === 401 && token !== undefined && config.tokens?.refreshable && !reauthorized) {
        config.tokens.invalidate(token);
        reauthorized = true;
        continue;
      }
      if (retries < maxRetries && isRetryableStatus(response.status)) {
        const delay = retryAfterMs(response.headers) ?? backoffMs(retries);
        retries++;
        await this.wait(delay, options.signal, { method: req.method, url, attempt, status: response.status });
        continue;
      }
      throw apiError(response.status, data, response.headers);
    }
  }

  private async wait(
    ms: number,
    signal: AbortSignal | undefined,
    info: Record<string, unknown>,
  ): Promise<void> {
    const error = info.error instanceof Error ? info.error.message : undefined;
    this.config.logger?.warn?.('redress: retrying', { ...info, error, delayMs: ms });
    await sleep(ms, signal);
  }

  private async once(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string | FormData | undefined,
    options: RequestOptions,
    attempt: number,
    raw = false,
  ): Promise<Answer> {
    const { config } = this;
    const timeout = options.timeout ?? config.timeout;
    config.onRequest?.({ method, url, attempt, headers: redact(headers) });
    config.logger?.debug?.('redress: request', { method, url, attempt });
    const started = Date.now();
    const link = attemptSignal(timeout, options.signal);
    let answer: Answer;
    try {
      const response = await config.fetch(url, { method, headers, body, signal: link.signal });
      // A download's body is the caller's to stream; an error's is read as any other.
      answer =
        raw && response.ok
          ? { response, data: null }
          : { response, data: parse(await response.text(), response.headers.get('content-type')) };
    } catch (err) {
      if (options.signal?.aborted)
        throw new AbortError('the request was aborted', { cause: options.signal.reason });
      if (link.timedOut()) throw new TimeoutError(`no answer from ${method} ${url} within ${timeout} ms`);
      const reason = err instanceof Error ? err.message : String(err);
      throw new ConnectionError(`could not reach ${method} ${url}: ${reason}`, { cause: err });
    } finally {
      link.dispose();
    }
    const { response } = answer;
    const info = {
      method,
      url,
      attempt,
      status: response.status,
      durationMs: Date.now() - started,
      requestId: response.headers.get('x-request-id') ?? undefined,
    };
    config.onResponse?.({ ...info, headers: response.headers });
    config.logger?.debug?.('redress: response', info);
    return answer;
  }
}
