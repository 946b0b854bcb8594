import type { OperationSpec } from './operation';
import { complaintOperations } from './routes-complaints';
import { consumerOperations } from './routes-consumer';
import { recordOperations } from './routes-records';
import { referenceOperations } from './routes-reference';
import { webhookOperations } from './routes-webhooks';

/**
 * The route table: every operation of the REST API with the zod schemas its route validates
 * with and answers in. `openapi.test.ts` checks it against the routes the app registers, both
 * ways, so a route cannot be added without its row here.
 */
export const OPERATIONS: readonly OperationSpec[] = [
  ...complaintOperations,
  ...recordOperations,
  ...webhookOperations,
  ...consumerOperations,
  ...referenceOperations,
];

/** The tags in the order the document and the reference page show them, with what they hold. */
export const TAGS: readonly { name: string; description: string }[] = [
  {
    name: 'Complaints',
    description: 'Complaints (投诉) and their lifecycle: intake, routing, answers, settlement.',
  },
  {
    name: 'Settlements',
    description: 'Settlements, including those liaison stations (消费维权联络站) log on site.',
  },
  { name: 'Events', description: 'The event feed: every change, oldest first, for polling.' },
  {
    name: 'Webhooks',
    description: 'Endpoints that receive events, signed per the Standard Webhooks specification.',
  },
  {
    name: 'Consumer link',
    description: 'The consumer’s side, through the signed link they receive: no account.',
  },
  { name: 'Merchants', description: 'Networked merchants (督办联网企业) and their SLA policy.' },
  { name: 'Stations', description: 'Liaison stations inside malls and companies.' },
  { name: 'Users', description: 'People who sign in to the portal.' },
  { name: 'Audit', description: 'What the commission audits: who read a consumer’s full phone number.' },
  {
    name: 'API clients',
    description: 'OAuth 2 clients: a client acts as its merchant, its station, or the commission.',
  },
  { name: 'Calendars', description: 'Working-day calendars (工作日) and deadlines.' },
  { name: 'Taxonomy', description: 'Complaint categories and tags.' },
  { name: 'Auth', description: 'Access tokens for integrations, and the keys that sign them.' },
  { name: 'Reference', description: 'This document.' },
];
