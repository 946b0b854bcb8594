import { alertOperations } from '../alerts';
import { apiClientOperations } from '../api-clients';
import { attachmentOperations } from '../attachments';
import { auditOperations } from '../audit';
import { authOperations } from '../auth';
import { caseOperations } from '../cases';
import { complaintOperations } from '../complaints';
import { consumerOperations } from '../consumer';
import { eventOperations } from '../events';
import { figureOperations } from '../figures';
import type { Operation, OperationSpec } from '../http/operation';
import { importOperations } from '../imports';
import { merchantOperations } from '../merchants';
import { settlementOperations } from '../settlements';
import { calendarOperations, policyOperations } from '../sla';
import { stationOperations } from '../stations';
import { taxonomyOperations } from '../taxonomy';
import { teamOperations } from '../teams';
import { userOperations } from '../users';
import { webhookOperations } from '../webhooks';
import { referenceOperations } from './serve';

let operations: readonly OperationSpec[] | undefined;

/**
 * Every operation of the REST API, collected from the features' declarations (each declared
 * once, beside its handler, with `operation()`), in the order the document lists them.
 * `openapi.test.ts` checks them against the routes the app registers, both ways. A function:
 * `serve.ts` is one of the features and imports the document, which calls this.
 */
export function apiOperations(): readonly OperationSpec[] {
  const lists: readonly (readonly Operation[])[] = [
    complaintOperations,
    attachmentOperations,
    importOperations,
    settlementOperations,
    stationOperations,
    merchantOperations,
    policyOperations,
    userOperations,
    apiClientOperations,
    eventOperations,
    figureOperations,
    auditOperations,
    webhookOperations,
    teamOperations,
    consumerOperations,
    authOperations,
    referenceOperations,
    calendarOperations,
    taxonomyOperations,
    alertOperations,
    caseOperations,
  ];
  operations ??= lists.flat().map((op) => op.spec);
  return operations;
}

/** The tags in the order the document and the reference page show them, with what they hold. */
export const TAGS: readonly { name: string; description: string }[] = [
  {
    name: 'Complaints',
    description: 'Complaints (投诉) and their lifecycle: intake, routing, answers, settlement.',
  },
  {
    name: 'Imports',
    description: 'Bulk intake: complaints from a file (JSON Lines, CSV, xlsx), each row’s result.',
  },
  {
    name: 'Settlements',
    description: 'Settlements, including those liaison stations (消费维权联络站) log on site.',
  },
  {
    name: 'Figures',
    description:
      'The commission’s figures (统计): volume, first-settlement and on-time rates, amounts recovered, satisfaction.',
  },
  { name: 'Events', description: 'The event feed: every change, oldest first, for polling.' },
  {
    name: 'Webhooks',
    description: 'Endpoints that receive events, signed per the Standard Webhooks specification.',
  },
  { name: 'Reply templates', description: 'A merchant’s reply templates: agents pick one and edit it.' },
  {
    name: 'Consumer link',
    description: 'The consumer’s side, through the signed link they receive: no account.',
  },
  { name: 'Merchants', description: 'Networked merchants (督办联网企业) and their SLA policy.' },
  {
    name: 'SLA policies',
    description: 'How long merchants have to acknowledge and settle (时限规则); each edit is a new version.',
  },
  { name: 'Stations', description: 'Liaison stations inside malls and companies.' },
  { name: 'Users', description: 'People who sign in to the portal.' },
  { name: 'Audit', description: 'What the commission audits: who read a consumer’s full phone number.' },
  {
    name: 'API clients',
    description: 'OAuth 2 clients: a client acts as its merchant, its station, or the commission.',
  },
  { name: 'Calendars', description: 'Working-day calendars (工作日) and deadlines.' },
  { name: 'Taxonomy', description: 'Complaint categories and tags.' },
  {
    name: 'Alerts',
    description:
      'Early warning (预警): complaint counts per series far above their recent baseline (EARS C1–C3).',
  },
  {
    name: 'Typical cases',
    description:
      'Typical cases (典型案例): ended complaints published without the consumer’s personal details.',
  },
  { name: 'Auth', description: 'Access tokens for integrations, and the keys that sign them.' },
  { name: 'Reference', description: 'This document.' },
];
