import {
  ComplaintId,
  ComplaintIntakeSchema,
  ComplaintPageSchema,
  ComplaintSchema,
  CreateComplaintInput,
  EventSchema,
  ExportComplaintsQuery,
  ListComplaintsQuery,
  NoteInput,
  NoteSchema,
  pageOf,
  RouteBusinessInput,
  RoutedComplaintsSchema,
  SetOwnerInput,
} from '@redress/core';
import { stream } from 'hono/streaming';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { routeJoinedBusiness } from './business';
import { complaintsCsvHeader, exportComplaintsCsv } from './export';
import { createComplaint } from './intake';
import { getComplaint, getTimeline, listComplaintsJson } from './read';
import { COMPLAINT_ACTIONS } from './registry';
import { addNote, listNotes, setComplaintOwner } from './team';

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
        'Merchants see their own, stations their station’s, commission staff all. Phone numbers are masked. `q` searches the reference, subject, story, consumer’s name, external reference and business name, and phone digits: the last four, or the whole number (each complaint a whole number finds is audited as a read of it). `prevCursor` pages back.',
      tag,
      access: 'read',
      query: ListComplaintsQuery,
      success: {
        status: 200,
        schema: ComplaintPageSchema,
        description: 'One page of complaints, with the cursors forward and back.',
      },
    },
    // The page is serialized once for the list cache: sent as it is.
    async (c, deps) =>
      c.body(await listComplaintsJson(contextOf(deps, c), c.req.valid('query')), 200, {
        'Content-Type': 'application/json',
      }),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints/export.csv',
      operationId: 'exportComplaints',
      summary: 'Export complaints as CSV',
      description:
        'Every complaint of the list’s filters, in the list’s order: staff all, a merchant its own (anyone else 403). Staff may export one of their queues as its page shows it: `queue=overdue` (with `overdue=open`, the default, or `ended`) or `queue=escalated` (in mediation); a queue asked by anyone else is 403. UTF-8 with a byte-order mark, streamed; headers and labels in Chinese, or in English with `lang=en`; phone numbers masked.',
      tag,
      access: 'read',
      query: ExportComplaintsQuery,
      success: { status: 200, csv: true, description: 'CSV, one complaint a row.' },
      errors: [403],
    },
    async (c, deps) => {
      const ctx = contextOf(deps, c);
      const query = c.req.valid('query');
      const rows = exportComplaintsCsv(ctx, query);
      // The first batch before the answer starts: a refusal is still a problem+json.
      const first = await rows.next();
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="complaints.csv"');
      return stream(c, async (out) => {
        await out.write(`\uFEFF${complaintsCsvHeader(query.lang)}`);
        if (!first.done) await out.write(first.value);
        for await (const chunk of rows) await out.write(chunk);
      });
    },
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
  operation(
    {
      method: 'put',
      path: '/api/v1/complaints/{id}/owner',
      operationId: 'setComplaintOwner',
      summary: 'Choose who owns a complaint',
      description:
        'The merchant’s users (and its API clients): one of the merchant’s users (assign to me, to a colleague), or `null` for nobody. Another merchant’s or a disabled user is 422. Writes `complaint.owner_changed`.',
      tag,
      access: 'write',
      params,
      body: { name: 'SetOwnerInput', schema: SetOwnerInput },
      success: { status: 200, schema: ComplaintSchema, description: 'The complaint with its owner.' },
      errors: [403],
    },
    (c, deps) => setComplaintOwner(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/complaints/{id}/notes',
      operationId: 'addComplaintNote',
      summary: 'Add an internal note',
      description:
        'A merchant’s note is seen by its users only, a staff note by staff only; never by the consumer, a station or another merchant. Writes `complaint.note_added`, delivered to the author’s side only.',
      tag,
      access: 'write',
      params,
      body: { name: 'NoteInput', schema: NoteInput },
      success: { status: 201, schema: NoteSchema, description: 'The note.' },
    },
    (c, deps) => addNote(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints/{id}/notes',
      operationId: 'listComplaintNotes',
      summary: 'List the internal notes',
      description: 'The notes of the caller’s side, oldest first, in one page. Stations: 403.',
      tag,
      access: 'read',
      params,
      success: { status: 200, schema: pageOf(NoteSchema), description: 'The notes.' },
      errors: [403],
    },
    async (c, deps) => ({
      data: await listNotes(contextOf(deps, c), c.req.valid('param').id),
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
