import {
  CreateSettlementInput,
  ExportSettlementsQuery,
  ListSettlementsQuery,
  pageOf,
  SettlementSchema,
} from '@redress/core';
import { stream } from 'hono/streaming';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { csvHeader, csvRow } from './csv';
import { allSettlements, listSettlements, logStationSettlement } from './service';

const tag = 'Settlements';

/** `/api/v1/settlements…`: on-site settlements of the liaison stations, and those of complaints. */
export const settlementOperations = [
  operation(
    {
      method: 'post',
      path: '/api/v1/settlements',
      operationId: 'createSettlement',
      summary: 'Log a settlement',
      description:
        'Station operators and staff log an on-site settlement, with or without an earlier complaint. Another station’s `stationId`, or a complaint the station does not hold, is 404.',
      tag,
      access: 'write',
      body: { name: 'CreateSettlementInput', schema: CreateSettlementInput },
      success: { status: 201, schema: SettlementSchema, description: 'The settlement.' },
      errors: [404],
    },
    (c, deps) => logStationSettlement(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/settlements',
      operationId: 'listSettlements',
      summary: 'List settlements',
      tag,
      access: 'read',
      query: ListSettlementsQuery,
      success: { status: 200, schema: pageOf(SettlementSchema), description: 'One page of settlements.' },
    },
    (c, deps) => listSettlements(contextOf(deps, c), c.req.valid('query')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/settlements/export.csv',
      operationId: 'exportSettlements',
      summary: 'Export settlements as CSV',
      description:
        'The rows of `listSettlements` for the same filters, UTF-8 with a byte-order mark; headed in Chinese, or in English with `lang=en`; `recorded_by_name` names who recorded each row.',
      tag,
      access: 'read',
      query: ExportSettlementsQuery,
      success: { status: 200, csv: true, description: 'CSV, one settlement a row.' },
    },
    (c, deps) => {
      const ctx = contextOf(deps, c);
      const { lang, ...query } = c.req.valid('query');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="settlements.csv"');
      return stream(c, async (out) => {
        // A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
        await out.write(`\uFEFF${csvHeader(lang)}`);
        for await (const lines of allSettlements(ctx, query, lang))
          await out.write(lines.map(csvRow).join(''));
      });
    },
  ),
];

export function settlementRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/settlements', settlementOperations);
}
