import {
  AlertEvaluationSchema,
  AlertId,
  AlertSchema,
  EvaluateAlertsInput,
  ListAlertsQuery,
  pageOf,
  ResolveAlertInput,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { evaluateAlerts, getAlert, listAlerts, resolveAlert } from './service';

const tag = 'Alerts';
const params = { id: AlertId };
const alert = { status: 200, schema: AlertSchema, description: 'The alert.' } as const;

/** `/api/v1/alerts…`: the early warning (EARS alerts per series), for commission staff. */
export const alertOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/alerts',
      operationId: 'listAlerts',
      summary: 'List early-warning alerts',
      description: 'Commission staff. Newest first; filter by `status`, `granularity` and `dimension`.',
      tag,
      access: 'read',
      query: ListAlertsQuery,
      success: { status: 200, schema: pageOf(AlertSchema), description: 'One page of alerts.' },
      errors: [403],
    },
    (c, deps) => listAlerts(contextOf(deps, c), c.req.valid('query')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/alerts/evaluate',
      operationId: 'evaluateAlerts',
      summary: 'Evaluate the early warning for a day',
      description:
        'Commission staff. Counts every series on `date` (yesterday in Shanghai by default), and in the week ending on it when it is a Sunday, against its EARS baseline; raises an alert (and an `alert.raised` event) for each count above its threshold. Idempotent for a date: evaluating it again answers what the first evaluation raised, with `evaluated: false`.',
      tag,
      access: 'write',
      body: { name: 'EvaluateAlertsInput', schema: EvaluateAlertsInput, optional: true },
      success: { status: 200, schema: AlertEvaluationSchema, description: 'The evaluation of the day.' },
      errors: [403],
    },
    (c, deps) => evaluateAlerts(contextOf(deps, c), c.req.valid('json')?.date),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/alerts/{id}',
      operationId: 'getAlert',
      summary: 'Get an alert',
      tag,
      access: 'read',
      params,
      success: alert,
      errors: [403],
    },
    (c, deps) => getAlert(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/alerts/{id}/acknowledge',
      operationId: 'acknowledgeAlert',
      summary: 'Acknowledge an alert',
      description:
        'Commission staff: they are acting on it. Only an open alert; the note says what is being done.',
      tag,
      access: 'write',
      params,
      body: { name: 'ResolveAlertInput', schema: ResolveAlertInput },
      success: alert,
      errors: [403],
    },
    (c, deps) =>
      resolveAlert(contextOf(deps, c), c.req.valid('param').id, {
        status: 'acknowledged',
        ...c.req.valid('json'),
      }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/alerts/{id}/dismiss',
      operationId: 'dismissAlert',
      summary: 'Dismiss an alert',
      description: 'Commission staff: a false alarm. Only an open alert; the note says why.',
      tag,
      access: 'write',
      params,
      body: { name: 'ResolveAlertInput', schema: ResolveAlertInput },
      success: alert,
      errors: [403],
    },
    (c, deps) =>
      resolveAlert(contextOf(deps, c), c.req.valid('param').id, {
        status: 'dismissed',
        ...c.req.valid('json'),
      }),
  ),
];

export function alertRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/alerts', alertOperations);
}
