import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { bareHost, guardedLookup, isPrivateAddress } from './url-guard';

/** A receiver has this long to answer, body included. */
export const DELIVERY_TIMEOUT_MS = 15_000;
/** How much of a receiver's answer is kept in the attempt log. */
export const EXCERPT_BYTES = 1_024;

export interface SendResult {
  /** The receiver's HTTP status, or null when it did not answer. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseExcerpt: string | null;
  retryAfter: string | null;
}

/** The first `EXCERPT_BYTES` of an answer as text, without a character cut in half. */
function excerpt(chunks: Buffer[]): string | null {
  if (chunks.length === 0) return null;
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES);
  return new TextDecoder().decode(bytes).replace(/\uFFFD+$/, '');
}

function describe(err: unknown, timeoutMs: number | null): string {
  if (timeoutMs !== null) return `timed out after ${timeoutMs / 1_000} s`;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/**
 * POSTs one webhook. Redirects are not followed (a redirect could lead to an address the
 * URL rules refuse). With `guard` (production), the connection is made only to public
 * addresses, checked at connection time.
 */
export function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { guard: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = () => (signal.aborted ? timeoutMs : null);
  return new Promise((resolve) => {
    const finish = (r: Omit<SendResult, 'durationMs'>) =>
      resolve({ ...r, durationMs: Math.round(performance.now() - started) });
    const failed = (err: unknown) =>
      finish({
        statusCode: null,
        error: describe(err, timedOut()),
        responseExcerpt: null,
        retryAfter: null,
      });
    let url: URL;
    try {
      url = new URL(target);
    } catch (err) {
      return failed(err);
    }
    const host = bareHost(url);
    if (options.guard && (url.protocol !== 'https:' || (isIP(host) && isPrivateAddress(host)))) {
      return failed(new Error(`refused: ${url.protocol} ${host} is not a public https address`));
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
        ...(options.guard ? { lookup: guardedLookup } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (error: string | null) =>
          finish({
            statusCode: res.statusCode ?? null,
            error,
            responseExcerpt: excerpt(chunks),
            retryAfter: res.headers['retry-after'] ?? null,
          });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // Enough for the log: stop reading, so that a receiver cannot make us read forever.
          if (size >= EXCERPT_BYTES) res.destroy();
        });
        res.on('end', () => done(null));
        res.on('close', () =>
          done(
            res.complete || size >= EXCERPT_BYTES
              ? null
              : signal.aborted
                ? describe(null, timeoutMs)
                : 'the answer was cut short',
          ),
        );
        res.on('error', () => undefined);
      },
    );
    req.on('error', failed);
    req.end(body);
  });
}
