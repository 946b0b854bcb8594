import type { ApiPromise } from '../core/api-promise';
import type { RequestOptions } from '../core/options';
import { type Page, PagePromise } from '../core/pagination';
import type { HttpClient } from '../internal/http';
import type {
  CreateSettlementInput,
  ExportSettlementsQuery,
  ListSettlementsQuery,
  Settlement,
} from '../types.gen';

/** Settlements: those recorded on complaints, and those liaison stations log on site. */
export class Settlements {
  constructor(private readonly http: HttpClient) {}

  /**
   * Logs a settlement (station operators and commission staff).
   * @example
   * await redress.settlements.create({
   *   stationId, merchantName: '某商场专柜', outcome: 'refund', amountFen: 12_800,
   *   consumerAccepted: true, summary: '现场调解，退款128元',
   * });
   */
  create(input: CreateSettlementInput, options?: RequestOptions): ApiPromise<Settlement> {
    return this.http.request({ method: 'POST', path: '/api/v1/settlements', body: input, options });
  }

  /**
   * Lists the settlements you may see.
   * @example const all = await redress.settlements.list({ from: '2026-01-01T00:00:00+08:00' }).toArray();
   */
  list(query: ListSettlementsQuery = {}, options?: RequestOptions): PagePromise<Settlement> {
    return new PagePromise((cursor) =>
      this.http.request<Page<Settlement>>({
        method: 'GET',
        path: '/api/v1/settlements',
        query: { ...query, cursor: cursor ?? query.cursor },
        options,
      }),
    );
  }

  /**
   * The same rows as CSV text. The file the portal sends starts with a byte-order mark for
   * spreadsheets; the decoded string does not (write one back if you save it for Excel).
   * @example const csv = await redress.settlements.exportCsv({ channel: 'station' });
   */
  exportCsv(query: ExportSettlementsQuery = {}, options?: RequestOptions): ApiPromise<string> {
    return this.http.request({
      method: 'GET',
      path: '/api/v1/settlements/export.csv',
      query: { ...query },
      options: { ...options, headers: { Accept: 'text/csv', ...options?.headers } },
    });
  }
}
