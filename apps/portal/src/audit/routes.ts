import {
  AttachmentReadSchema,
  ListAttachmentReadsQuery,
  ListPhoneRevealsQuery,
  PhoneRevealSchema,
  pageOf,
} from '@redress/core';
import { type AppDeps, operation, operationRoutes, withPrincipal } from '../context';
import { principalOf } from '../http/principal';
import { listAttachmentReads } from './attachment-reads';
import { listPhoneReveals } from './phone-reveals';

/** `/api/v1/audit`: what the commission audits. Commission admins only. */
export const auditOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/audit/phone-reveals',
      operationId: 'listPhoneReveals',
      summary: 'The audit of full-phone reveals',
      description:
        'Commission admins: every read of a consumer’s whole phone number (个人信息保护), newest first: who read it, when, on which complaint. `complaintId` narrows it to one complaint. Anyone else is refused (403).',
      tag: 'Audit',
      access: 'read',
      query: ListPhoneRevealsQuery,
      success: { status: 200, schema: pageOf(PhoneRevealSchema), description: 'One page of phone reveals.' },
      errors: [403],
    },
    (c, deps) => listPhoneReveals(withPrincipal(deps, principalOf(c)), c.req.valid('query')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/audit/attachment-reads',
      operationId: 'listAttachmentReads',
      summary: 'The audit of reads of the consumer’s files',
      description:
        'Commission admins: every read (a download, a thumbnail) of a file the consumer attached, by anyone but the consumer (个人信息保护), newest first: who read it, when, on which complaint, which file. `attachment.fileName` is null once retention has erased the file. `complaintId` narrows it to one complaint. Anyone else is refused (403).',
      tag: 'Audit',
      access: 'read',
      query: ListAttachmentReadsQuery,
      success: {
        status: 200,
        schema: pageOf(AttachmentReadSchema),
        description: 'One page of reads of the consumer’s files.',
      },
      errors: [403],
    },
    (c, deps) => listAttachmentReads(withPrincipal(deps, principalOf(c)), c.req.valid('query')),
  ),
];

export function auditRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/audit', auditOperations);
}
