import type { ApiPromise } from './core/api-promise';
import { RedressError } from './core/errors';
import type { ClientOptions, RequestOptions } from './core/options';
import { readEnv } from './internal/env';
import { HttpClient, type QueryValue } from './internal/http';
import { ClientCredentialsTokens, fixedToken, type TokenSource } from './internal/tokens';
import { ApiClients } from './resources/api-clients';
import { Attachments } from './resources/attachments';
import { Complaints } from './resources/complaints';
import { Events } from './resources/events';
import { MerchantResource } from './resources/merchant';
import { ReplyTemplates } from './resources/reply-templates';
import { Settlements } from './resources/settlements';
import { WebhookEndpoints } from './resources/webhook-endpoints';
import type { AccessToken } from './types.gen';
import { webhooks } from './webhooks/verify';

/**
 * The Redress API client. Sign in with an API client's credentials (OAuth 2 client
 * credentials: the token is fetched, cached and refreshed for you) or with an access token.
 * Unset options come from `REDRESS_CLIENT_ID`, `REDRESS_CLIENT_SECRET`, `REDRESS_BASE_URL` and
 * `REDRESS_ACCESS_TOKEN` where the runtime has an environment.
 *
 * @example
 * import { Redress } from '@redress/sdk';
 *
 * const redress = new Redress({ baseUrl: 'https://redress.example.cn', clientId, clientSecret });
 * for await (const complaint of redress.complaints.list({ status: ['assigned'] })) {
 *   await redress.complaints.acknowledge(complaint.id);
 * }
 */
export class Redress {
  readonly complaints: Complaints;
  /** Evidence on complaints: photos and PDF files. */
  readonly attachments: Attachments;
  readonly settlements: Settlements;
  readonly events: Events;
  readonly merchant: MerchantResource;
  /** Your merchant's reply templates. */
  readonly replyTemplates: ReplyTemplates;
  readonly apiClients: ApiClients;
  readonly webhookEndpoints: WebhookEndpoints;
  /** Verifies webhook deliveries; needs no credentials (also exported as `webhooks`). */
  readonly webhooks = webhooks;
  private readonly http: HttpClient;

  constructor(options: ClientOptions = {}) {
    const baseUrl = (options.baseUrl ?? readEnv('REDRESS_BASE_URL'))?.replace(/\/+$/, '');
    if (!baseUrl) throw new RedressError('baseUrl is required (or set REDRESS_BASE_URL)');
    const fetchFn = options.fetch ?? globalThis.fetch?.bind(globalThis);
    if (!fetchFn) throw new RedressError('no fetch in this runtime: pass options.fetch');
    this.http = new HttpClient({
      baseUrl,
      fetch: fetchFn,
      maxRetries: options.maxRetries ?? 2,
      timeout: options.timeout ?? 60_000,
      tokens: undefined,
      logger: options.logger,
      onRequest: options.onRequest,
      onResponse: options.onResponse,
    });
    this.http.config.tokens = this.tokenSource(options);
    this.complaints = new Complaints(this.http);
    this.attachments = new Attachments(this.http);
    this.settlements = new Settlements(this.http);
    this.events = new Events(this.http);
    this.merchant = new MerchantResource(this.http);
    this.replyTemplates = new ReplyTemplates(this.http);
    this.apiClients = new ApiClients(this.http);
    this.webhookEndpoints = new WebhookEndpoints(this.http);
  }

  /**
   * Any API call the resources do not cover, with the same auth, retries and errors.
   * @example
   * const page = await redress.request<{ data: Station[] }>('GET', '/api/v1/stations');
   */
  request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    init: { query?: Record<string, QueryValue>; body?: unknown } & RequestOptions = {},
  ): ApiPromise<T> {
    const { query, body, ...options } = init;
    return this.http.request<T>({ method, path, query, body, options });
  }

  private tokenSource(options: ClientOptions): TokenSource | undefined {
    const clientId = options.clientId ?? readEnv('REDRESS_CLIENT_ID');
    const clientSecret = options.clientSecret ?? readEnv('REDRESS_CLIENT_SECRET');
    if (options.accessToken) return fixedToken(options.accessToken);
    if (clientId && clientSecret) {
      const form: Record<string, string> = {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      };
      if (options.scope) form.scope = options.scope;
      return new ClientCredentialsTokens(() =>
        this.http.request<AccessToken>({ method: 'POST', path: '/oauth/token', form, auth: false }),
      );
    }
    const accessToken = readEnv('REDRESS_ACCESS_TOKEN');
    if (accessToken) return fixedToken(accessToken);
    throw new RedressError('credentials are required: clientId and clientSecret, or accessToken');
  }
}
