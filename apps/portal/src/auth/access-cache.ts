import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Principal } from '../http/principal';

/**
 * How long a look-up that an API client is not revoked is trusted: the longest another process's
 * revocation can go unseen here. Well under the second within which every process must agree.
 */
export const CLIENT_CHECK_TTL_MS = 500;
const LIMIT = 10_000;

interface ClientCheck {
  live: boolean;
  checkedAt: number;
}

/**
 * What access-token verification remembers, per app (it lives in the app's deps, never in module
 * scope). Two things, each cheap to trust for its own reason:
 * - verified tokens by their exact text until they expire: a token is an immutable signed
 *   string, so the cache answers only what a full signature check would;
 * - whether an API client is live, for at most `ttlMs`: a revocation made by another process is
 *   seen within that time, one made by this process at once (`clientRevoked`), and once a client
 *   is known revoked no later answer makes it live again (revocation is for good).
 * The time of the client checks is the process's monotonic clock, not the app's `Clock`: it
 * bounds how stale an answer may be, which the domain's (movable) time has nothing to do with.
 */
export class AccessCache {
  private readonly tokens = new Map<string, { principal: Principal; exp: number }>();
  private readonly clients = new Map<string, ClientCheck>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? CLIENT_CHECK_TTL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** The principal of a token verified before, if it has not expired at `atMs` (the app's time). */
  verifiedToken(token: string, atMs: number): Principal | undefined {
    const hit = this.tokens.get(token);
    return hit && hit.exp > atMs ? hit.principal : undefined;
  }

  rememberToken(token: string, principal: Principal, expMs: number): void {
    if (this.tokens.size >= LIMIT) this.tokens.clear();
    this.tokens.set(token, { principal, exp: expMs });
  }

  /** Whether the API client exists and is not revoked: from the database at most `ttlMs` ago. */
  async clientLive(db: Kysely<Database>, clientId: string): Promise<boolean> {
    const hit = this.clients.get(clientId);
    if (hit && (!hit.live || this.now() - hit.checkedAt < this.ttlMs)) return hit.live;
    // One look-up at a time per client: a burst of requests waits for the same answer.
    let check = this.pending.get(clientId);
    if (!check) {
      const startedAt = this.now();
      check = db
        .selectFrom('api_clients')
        .select('revoked_at')
        .where('id', '=', clientId)
        .executeTakeFirst()
        .then((row) => this.record(clientId, row !== undefined && row.revoked_at === null, startedAt))
        .finally(() => this.pending.delete(clientId));
      this.pending.set(clientId, check);
    }
    return check;
  }

  /** This process revoked the client: refuse its tokens from now on, without asking again. */
  clientRevoked(clientId: string): void {
    this.clients.set(clientId, { live: false, checkedAt: this.now() });
  }

  private record(clientId: string, live: boolean, startedAt: number): boolean {
    // A revocation seen while the look-up ran wins over the look-up's older answer.
    if (this.clients.get(clientId)?.live === false) return false;
    if (this.clients.size >= LIMIT) this.clients.clear();
    // Dated from when the look-up began: the answer is no fresher than that.
    this.clients.set(clientId, { live, checkedAt: startedAt });
    return live;
  }
}
