import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import { type Page, PagePromise } from '../core/pagination';
import type { HttpClient } from '../internal/http';
import type { ApiClient, CreateApiClientInput } from '../types.gen';

/** API clients of your merchant (merchant admins): the credentials integrations sign in with. */
export class ApiClients {
  constructor(private readonly http: HttpClient) {}

  /**
   * @example const clients = await redress.apiClients.list().toArray();
   */
  list(options?: RequestOptions): PagePromise<ApiClient> {
    return new PagePromise(() =>
      this.http.request<Page<ApiClient>>({ method: 'GET', path: '/api/v1/api-clients', options }),
    );
  }

  /**
   * Creates a client. Store `secret` now: it is never shown again.
   * @example const { id, secret } = await redress.apiClients.create({ name: 'ERP' });
   */
  create(input: CreateApiClientInput, options?: RequestOptions): ApiPromise<ApiClient> {
    return this.http.request({ method: 'POST', path: '/api/v1/api-clients', body: input, options });
  }

  /**
   * Revokes a client: no new tokens; tokens already issued live until they expire.
   * @example await redress.apiClients.delete('cli_01JD3Z6Y8G5C4F0QK3W2A1B9XE');
   */
  delete(id: string, options?: RequestOptions): ApiPromise<void> {
    return this.http.request({
      method: 'DELETE',
      path: `/api/v1/api-clients/${encodeURIComponent(id)}`,
      options,
    });
  }
}
