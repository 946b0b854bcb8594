import type { AccessToken } from '../types.gen';

/** Where the bearer token of each request comes from. */
export interface TokenSource {
  /** Whether a rejected token can be replaced (client credentials) or not (a fixed token). */
  readonly refreshable: boolean;
  token(): Promise<string>;
  /** Forgets `token` after the API refused it, so the next `token()` fetches a new one. */
  invalidate(token: string): void;
}

/** A token the caller got elsewhere: used as is. */
export function fixedToken(token: string): TokenSource {
  return { refreshable: false, token: () => Promise.resolve(token), invalidate: () => {} };
}

/** Refresh this long before expiry, or at half the lifetime of a shorter-lived token. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * OAuth 2 client credentials: the token is cached and fetched again 60 s before it expires.
 * However many requests wait, one fetch is in flight at a time and all of them share it.
 */
export class ClientCredentialsTokens implements TokenSource {
  readonly refreshable = true;
  private cached: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<AccessToken>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  token(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const answer = await this.fetchToken();
    const lifetime = answer.expires_in * 1_000;
    this.cached = {
      token: answer.access_token,
      refreshAt: this.now() + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 2),
    };
    return answer.access_token;
  }
}
