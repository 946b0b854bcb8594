import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';

const SECRET_PREFIX = 'whsec_';

/**
 * A new endpoint secret in the Standard Webhooks format: `whsec_` + base64 of 32 random bytes.
 * @example newWebhookSecret() // 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw…'
 */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** One Standard Webhooks signature: `v1,` + base64(HMAC-SHA256(secret bytes, `id.timestamp.body`)). */
export function signPayload(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The three Standard Webhooks headers for one attempt. Every live secret signs (the new one
 * and, for 24 hours after a rotation, the old one), space-separated in `webhook-signature`.
 */
export function signatureHeaders(
  msgId: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[],
): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signPayload(s, msgId, timestampSeconds, body)).join(' '),
  };
}

// ---- secrets at rest ----------------------------------------------------------------------
//
// Unlike API client secrets, which are only compared and so kept as a hash, the portal must
// read an endpoint's secret to sign with it. It is sealed with AES-256-GCM under a key kept
// in the data folder beside the token-signing keys, so a copy of the database alone (a dump,
// a backup) does not let anyone forge Redress webhooks. Every process that delivers webhooks
// needs the same data folder keys, as every process that verifies access tokens already does.

const SEALED = 'v1';

/**
 * The sealing of one app's endpoint secrets (`deps.webhookSecrets`). The key is read (or
 * written, the first time) from the data folder when first needed; tests without a data folder
 * seal with a key of their own that lives as long as the app, like deps.ts's memory keys.
 */
export class WebhookSecrets {
  readonly #config: Pick<Config, 'mode' | 'dataDir'>;
  #key: Buffer | undefined;

  constructor(config: Pick<Config, 'mode' | 'dataDir'>) {
    this.#config = config;
  }

  /** Seals a secret for the database: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [SEALED, ...[iv, cipher.getAuthTag(), ciphertext].map((p) => p.toString('base64url'))].join('.');
  }

  /** Opens a sealed secret; throws when the data folder's key is not the one that sealed it. */
  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== SEALED || !iv || !tag || ciphertext === undefined) {
      throw new Error('not a sealed webhook secret');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key(), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  private key(): Buffer {
    this.#key ??= sealingKey(this.#config);
    return this.#key;
  }
}

function sealingKey(config: Pick<Config, 'mode' | 'dataDir'>): Buffer {
  if (config.mode === 'test' && config.dataDir === '/nonexistent') return randomBytes(32);
  const dir = join(config.dataDir, 'keys');
  const file = join(dir, 'webhook-secrets.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      // 'wx': of two processes starting at once, one writes the key and both read that one.
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold 32 bytes in base64`);
  return key;
}
