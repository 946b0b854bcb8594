/** The prefixes of API.md. An id is `prefix_` + a 26-character ULID (time-sortable). */
export const ID_PREFIXES = {
  complaint: 'cmp',
  merchant: 'mer',
  station: 'sta',
  settlement: 'stl',
  event: 'evt',
  webhookEndpoint: 'whe',
  webhookDelivery: 'whd',
  user: 'usr',
  apiClient: 'cli',
  session: 'ses',
  notification: 'ntf',
  alert: 'alr',
  noticeMail: 'mal',
  noticeDigest: 'dgs',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

function incremented(bytes: Uint8Array): Uint8Array {
  const next = bytes.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 255) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}

function encode(time: number, random: Uint8Array): string {
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  // 80 random bits as 16 base-32 characters, five bits at a time.
  let bits = 0;
  let value = 0;
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * A monotonic ULID: ids made in the same millisecond by one process still sort in the order
 * they were made, which keyset pagination and the event feed rely on.
 */
export function ulid(now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = incremented(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomBytes10();
  }
  return encode(lastTime, lastRandom);
}

// Random bytes drawn from the CSPRNG 4 KiB at a time: one call per ~400 ids instead of one per
// id (each call crosses into C++ and costs more than the ten bytes it returns).
const POOL = new Uint8Array(4096);
let poolAt = POOL.length;

function randomBytes10(): Uint8Array {
  if (poolAt + 10 > POOL.length) {
    crypto.getRandomValues(POOL);
    poolAt = 0;
  }
  poolAt += 10;
  return POOL.slice(poolAt - 10, poolAt);
}

/**
 * @example newId('complaint') // 'cmp_01JD3Z…'
 */
export function newId(kind: IdKind, now?: number): string {
  return `${ID_PREFIXES[kind]}_${ulid(now)}`;
}

const ID_PATTERN = /^[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Whether `id` is well-formed and of the given kind (a cheap check before any lookup). */
export function isId(kind: IdKind, id: string): boolean {
  return ID_PATTERN.test(id) && id.startsWith(`${ID_PREFIXES[kind]}_`);
}
