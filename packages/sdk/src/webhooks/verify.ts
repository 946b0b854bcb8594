import { RedressError } from '../core/errors';
import { base64ToBytes } from '../internal/base64';
import type { RedressEvent } from './events';

/** The delivery is not genuine, not intact, or not fresh. Answer it with a 4xx and do nothing. */
export class WebhookVerificationError extends RedressError {
  override name = 'WebhookVerificationError';
}

export interface VerifyOptions {
  /** How far the `webhook-timestamp` may be from now, either way. Default 300 (5 minutes). */
  toleranceSeconds?: number;
  /** The current time (epoch ms or a Date), for tests. Default: `Date.now()`. */
  now?: number | Date;
}

type HeaderBag = Headers | Record<string, string | readonly string[] | undefined>;

const encoder = new TextEncoder();

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

/** `whsec_<base64>` → the key bytes. */
function secretKey(secret: string): Uint8Array<ArrayBuffer> {
  try {
    return base64ToBytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  } catch {
    throw new WebhookVerificationError('the secret is not a whsec_ base64 secret');
  }
}

/** Compares without stopping at the first difference, so timing tells nothing about the bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function signatures(value: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const part of value.split(' ')) {
    if (!part.startsWith('v1,')) continue;
    try {
      out.push(base64ToBytes(part.slice(3)));
    } catch {
      // Not base64: it cannot match; the others may.
    }
  }
  return out;
}

/**
 * Verifies a webhook delivery per the Standard Webhooks specification and returns its event.
 * Pass the raw body exactly as received (`await c.req.text()`, `express.raw()`, …): JSON that
 * was parsed and serialized again is not the text that was signed. During a secret rotation,
 * pass both secrets; a delivery may also carry several signatures (`v1,… v1,…`).
 *
 * Checks `webhook-timestamp` within `toleranceSeconds` of now (both ways), and
 * `webhook-signature` = base64 HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}` with
 * the `whsec_` secret, compared in constant time. Uses Web Crypto only.
 *
 * @throws {WebhookVerificationError} missing headers, a stale or future timestamp, no matching signature, or a body that is not JSON
 * @example
 * app.post('/webhooks/redress', async (c) => {
 *   const event = await webhooks.verify(await c.req.text(), c.req.raw.headers, process.env.REDRESS_WEBHOOK_SECRET!);
 *   if (event.type === 'complaint.assigned') await redress.complaints.acknowledge(event.data.object.id);
 *   return c.body(null, 204);
 * });
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: HeaderBag,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): Promise<RedressEvent> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signature = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signature) {
    throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  }
  if (!/^\d{1,15}$/.test(timestamp)) throw new WebhookVerificationError('webhook-timestamp is not a number');
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const skew = Math.floor(now / 1000) - Number(timestamp);
  const tolerance = options.toleranceSeconds ?? 300;
  if (skew > tolerance) throw new WebhookVerificationError('the delivery is too old');
  if (skew < -tolerance) throw new WebhookVerificationError('the delivery is from the future');

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  const candidates = signatures(signature);
  let verified = false;
  for (const s of typeof secret === 'string' ? [secret] : secret) {
    const key = await crypto.subtle.importKey('raw', secretKey(s), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, signed));
    // Check every candidate: which one matched must not show in the timing either.
    for (const candidate of candidates) verified = sameBytes(candidate, expected) || verified;
  }
  if (!verified) throw new WebhookVerificationError('no signature matches');
  try {
    return JSON.parse(
      typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody),
    ) as RedressEvent;
  } catch {
    throw new WebhookVerificationError('the body is not JSON');
  }
}

/**
 * Webhook helpers; the same object is `redress.webhooks`.
 * @example const event = await webhooks.verify(rawBody, headers, secret);
 */
export const webhooks = { verify: verifyWebhook } as const;
