import { EventSchema, ListEventsQuery, pageOf } from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { listEvents } from './service';

/** `GET /api/v1/events?after=&types=` — the caller's events, oldest first, for polling. */
export const eventOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/events',
      operationId: 'listEvents',
      summary: 'The event feed',
      description:
        'The caller’s events after `after`, oldest first. `nextCursor` is the last event seen: poll again with `after=` it.',
      tag: 'Events',
      access: 'read',
      query: ListEventsQuery,
      success: { status: 200, schema: pageOf(EventSchema), description: 'One page of events.' },
      errors: [404],
    },
    (c, deps) => listEvents(contextOf(deps, c), c.req.valid('query')),
  ),
];

export function eventRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/events', eventOperations);
}
