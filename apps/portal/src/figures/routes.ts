import { MetricsQuery, MetricsSchema } from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { metrics } from './service';

/** `GET /api/v1/metrics` — the commission's figures over a period, in total and by a grouping. */
export const figureOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/metrics',
      operationId: 'getMetrics',
      summary: 'The figures of a period',
      description:
        'Commission staff: every complaint; a merchant (its admin or API client): its own only, and another merchant’s `merchantId` is 404. ' +
        '`from`/`to` is a half-open period (default: 1 January of this year to the end of today, Shanghai); `groupBy` one of ' +
        '`none`, `category`, `tag`, `merchant`, `station`, `channel`, `month`, `week`, `day` (months, weeks from Monday and days in Shanghai time); ' +
        'the list’s filters narrow the complaints counted. Each figure is defined in the `Figures` schema.',
      tag: 'Figures',
      access: 'read',
      query: MetricsQuery,
      success: { status: 200, schema: MetricsSchema, description: 'The figures, in total and by group.' },
      errors: [403, 404],
    },
    (c, deps) => metrics(contextOf(deps, c), c.req.valid('query')),
  ),
];

export const figureRoutes = (deps: AppDeps) => operationRoutes(deps, '/api/v1/metrics', figureOperations);
