import { CreateSettlementInput, ExportSettlementsQuery, ListSettlementsQuery } from '@redress/core';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { csvHeader, csvRow } from './csv';
import { allSettlements, listSettlements, logStationSettlement } from './service';

export function settlementRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/', validate('json', CreateSettlementInput), async (c) =>
      c.json(await logStationSettlement(contextOf(deps, c), c.req.valid('json')), 201),
    )
    .get('/', validate('query', ListSettlementsQuery), async (c) =>
      c.json(await listSettlements(contextOf(deps, c), c.req.valid('query'))),
    )
    .get('/export.csv', validate('query', ExportSettlementsQuery), async (c) => {
      const ctx = contextOf(deps, c);
      const query = c.req.valid('query');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="settlements.csv"');
      return stream(c, async (out) => {
        // A byte-order mark, so that spreadsheet programs read the Chinese text as UTF-8.
        await out.write(`\uFEFF${csvHeader()}`);
        for await (const s of allSettlements(ctx, query)) await out.write(csvRow(s));
      });
    });
}
