import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import type { HttpClient } from '../internal/http';
import type { MerchantWithPolicy } from '../types.gen';

/** The merchant your client acts for. */
export class MerchantResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Your merchant, with its SLA policy spelled out.
   * @example const { name, policy } = await redress.merchant.get();
   */
  get(options?: RequestOptions): ApiPromise<MerchantWithPolicy> {
    return this.http.request({ method: 'GET', path: '/api/v1/merchant', options });
  }
}
