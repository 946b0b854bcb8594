import {
  ComplaintId,
  ComplaintIntakeSchema,
  ComplaintSchema,
  CreateComplaintInput,
  EventSchema,
  ListComplaintsQuery,
  pageOf,
  RouteBusinessInput,
  RoutedComplaintsSchema,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { routeJoinedBusiness } from './business';
import { createComplaint } from './intake';
import { getComplaint, getTimeline, listComplaintsJson } from './read';
import { COMPLAINT_ACTIONS } from './registry';

const tag = 'Complaints';
const params = { id: ComplaintId };

/** `/api/v1/complaints…` — reads, intake and every lifecycle action: validate, call one service verb, answer. */
export const complaintOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints',
      operationId: 'listComplaints',
      summary: 'List complaints',
      description:
        'Merchants see their own, stations their station’s, commission staff all. Phone numbers are masked.',
      tag,
      access: 'read',
      query: ListComplaintsQuery,
      success: { status: 200, schema: pageOf(ComplaintSchema), description: 'One page of complaints.' },
    },
    // The page is serialized once for the list cache: sent as it is.
    async (c, deps) =>
      c.body(await listComplaintsJson(contextOf(deps, c), c.req.valid('query')), 200, {
        'Content-Type': 'application/json',
      }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/complaints',
      operationId: 'createComplaint',
      summary: 'Take a complaint in',
      description:
        'Staff and stations. Name the business as `merchantId` (a networked merchant) or as `business: { name, creditCode? }`, never both. `business` is matched to a merchant by credit code, then registered name, then alias; unmatched, it is not networked. Status `assigned` (SLA clock started) for a merchant, `escalated` (the commission mediates, cause `not_networked`) for a business that is not networked, `new` when none is named. The answer adds `routedBy` and `possibleDuplicates` (open complaints of the same phone and business in the last 30 days).',
      tag,
      access: 'write',
      body: { name: 'CreateComplaintInput', schema: CreateComplaintInput },
      success: {
        status: 201,
        schema: ComplaintIntakeSchema,
        description: 'The new complaint, how it was routed and its possible duplicates.',
      },
    },
    (c, deps) => createComplaint(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/complaints/route-business',
      operationId: 'routeJoinedBusiness',
      summary: 'Route a joined business’s complaints to it',
      description:
        'Staff, when a business joins as a networked merchant: every open complaint taken in about it as not networked (escalated, cause `not_networked`) that now matches the merchant (the same credit code; or no code and its registered name or an alias) is routed to it, each with its own `complaint.assigned` event (`routedBy`) and its clock started as on assignment.',
      tag,
      access: 'write',
      body: { name: 'RouteBusinessInput', schema: RouteBusinessInput },
      success: { status: 200, schema: RoutedComplaintsSchema, description: 'The complaints routed.' },
    },
    (c, deps) => routeJoinedBusiness(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints/{id}',
      operationId: 'getComplaint',
      summary: 'Get a complaint',
      description:
        'Another merchant’s complaint is 404. The full phone number is shown to its merchant, and audited.',
      tag,
      access: 'read',
      params,
      success: { status: 200, schema: ComplaintSchema, description: 'The complaint.' },
    },
    (c, deps) => getComplaint(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints/{id}/events',
      operationId: 'listComplaintEvents',
      summary: 'A complaint’s timeline',
      description: 'Every event of the complaint, oldest first, in one page.',
      tag,
      access: 'read',
      params,
      success: { status: 200, schema: pageOf(EventSchema), description: 'The timeline.' },
    },
    async (c, deps) => ({
      data: await getTimeline(contextOf(deps, c), c.req.valid('param').id),
      nextCursor: null,
    }),
  ),
  // Each action of the registry: a POST that answers 200 with the whole updated complaint, or 409.
  ...COMPLAINT_ACTIONS.map((a) =>
    operation(
      {
        method: 'post',
        path: `/api/v1/complaints/{id}/${a.slug}`,
        operationId: a.operationId,
        summary: a.summary,
        description: a.description,
        tag,
        access: 'write',
        params,
        body: { name: a.input.name, schema: a.input.schema, optional: a.input.optional ?? false },
        success: {
          status: 200,
          schema: ComplaintSchema,
          description: 'The whole complaint after the action.',
        },
        errors: [409],
      },
      (c, deps) => a.run(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
    ),
  ),
];

export function complaintRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/complaints', complaintOperations);
}
