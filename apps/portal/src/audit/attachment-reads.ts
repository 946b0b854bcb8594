import { type AttachmentRead, type ListAttachmentReadsQuery, toIso } from '@redress/core';
import type { ServiceContext } from '../context';
import { requireRole } from '../http/principal';
import { auditTrail } from './trail';

/**
 * The audit-log action of one read of a file the consumer attached, by anyone but the consumer
 * (attachments/service.ts, `openAttachment`; the row names the file in `attachment_id`).
 */
export const CONSUMER_ATTACHMENT_READ_ACTION = 'consumer_attachment.read';

/**
 * The audit of reads of the consumer's files, newest first, for commission admins (403 for anyone
 * else): who read which file, when, on which complaint (`auditTrail`, keyset-paged by the audit
 * row's id). Once retention has erased the file its name is null; the row keeps its id.
 */
export async function listAttachmentReads(
  ctx: ServiceContext,
  input: ListAttachmentReadsQuery,
): Promise<{ data: AttachmentRead[]; nextCursor: string | null }> {
  requireRole(ctx.principal, ['commission_admin'], 'read the audit of file reads');
  const { page, nextCursor } = await auditTrail(ctx, CONSUMER_ATTACHMENT_READ_ACTION, input);
  return {
    data: page.map((r) => ({
      id: r.id,
      readAt: toIso(r.at),
      actor: r.actor,
      complaint: r.complaint,
      attachment: { id: r.attachmentId ?? '', fileName: r.fileName },
    })),
    nextCursor,
  };
}
