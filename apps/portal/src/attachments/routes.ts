import {
  ATTACHMENT_TYPES,
  AttachmentId,
  AttachmentSchema,
  ComplaintId,
  UploadAttachmentInput,
} from '@redress/core';
import type { Context } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import {
  downloadResponse,
  listAttachments,
  openAttachment,
  type UploadSource,
  uploadAttachment,
} from './service';

const tag = 'Complaints';
const linkTag = 'Consumer link';
const AttachmentList = z
  .object({ data: z.array(AttachmentSchema), nextCursor: z.null() })
  .meta({ id: 'AttachmentList' });
const body = {
  name: 'UploadAttachmentInput',
  schema: UploadAttachmentInput,
  mediaTypes: ['multipart/form-data'],
} as const;
const created = { status: 201, schema: AttachmentSchema, description: 'The attachment.' } as const;
const listed = {
  status: 200,
  schema: AttachmentList,
  description: 'The complaint’s attachments, oldest first.',
} as const;
const download = {
  status: 200,
  binary: Object.keys(ATTACHMENT_TYPES),
  description:
    'The file’s bytes, streamed, as the type detected when it was attached, with `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.',
} as const;
const UPLOAD_TEXT =
  'multipart/form-data with the file in `file` and an optional `note` (500 characters). The type is decided from the bytes, never from the name or the declared type: JPEG, PNG, WebP, HEIC or PDF, else 422 (`unsupported_type`); at most 10 MiB (413) and 20 files a complaint (422, `too_many`). The same bytes attached to the same complaint again answer the attachment already there. Emits `complaint.attachment_added`.';

/** What the service reads of an upload's request: the headers and the body as a stream. */
export function uploadSource(c: Context): UploadSource {
  return {
    contentType: c.req.header('Content-Type'),
    contentLength: c.req.header('Content-Length'),
    body: c.req.raw.body,
  };
}

/** `/api/v1/complaints/{id}/attachments` and `/api/v1/attachments/{id}`: evidence on a complaint. */
export const attachmentOperations = [
  operation(
    {
      method: 'post',
      path: '/api/v1/complaints/{id}/attachments',
      operationId: 'uploadAttachment',
      summary: 'Attach a file (a photo or a PDF)',
      description: `The complaint’s merchant, its station and staff; another merchant’s complaint is 404. ${UPLOAD_TEXT}`,
      tag,
      access: 'write',
      params: { id: ComplaintId },
      body,
      success: created,
      errors: [409],
    },
    async (c, deps) => uploadAttachment(contextOf(deps, c), c.req.valid('param').id, uploadSource(c)),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/complaints/{id}/attachments',
      operationId: 'listAttachments',
      summary: 'A complaint’s attachments',
      description:
        'Every file attached to the complaint, oldest first (at most 20). Another merchant’s complaint is 404.',
      tag,
      access: 'read',
      params: { id: ComplaintId },
      success: listed,
    },
    async (c, deps) => ({
      data: await listAttachments(contextOf(deps, c), c.req.valid('param').id),
      nextCursor: null,
    }),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/attachments/{id}',
      operationId: 'downloadAttachment',
      summary: 'Download an attachment',
      description:
        'Whoever may see the complaint; otherwise 404. A read of a file the consumer attached is written to the audit log, like a read of their whole phone number.',
      tag,
      access: 'read',
      params: { id: AttachmentId },
      success: download,
    },
    async (c, deps) => {
      const { attachment, bytes } = await openAttachment(contextOf(deps, c), c.req.valid('param').id);
      return downloadResponse(attachment, bytes);
    },
  ),
];

/** The same through the consumer's link (mounted with the link's other routes, consumer/routes.ts). */
export const attachmentLinkOperations = [
  operation(
    {
      method: 'post',
      path: '/api/v1/consumer/{token}/attachments',
      operationId: 'uploadAttachmentAsConsumer',
      summary: 'Attach a file to my complaint',
      description: UPLOAD_TEXT,
      tag: linkTag,
      access: 'link',
      params: { token: z.string().min(1).max(2_000) },
      body,
      success: created,
      errors: [409],
    },
    async (c, deps) => {
      const ctx = contextOf(deps, c);
      return uploadAttachment(ctx, ctx.principal.id ?? '', uploadSource(c));
    },
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/consumer/{token}/attachments',
      operationId: 'listAttachmentsAsConsumer',
      summary: 'The files attached to my complaint',
      description: 'Every file attached to the complaint, by anyone, oldest first.',
      tag: linkTag,
      access: 'link',
      params: { token: z.string().min(1).max(2_000) },
      success: listed,
    },
    async (c, deps) => {
      const ctx = contextOf(deps, c);
      return { data: await listAttachments(ctx, ctx.principal.id ?? ''), nextCursor: null };
    },
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/consumer/{token}/attachments/{id}',
      operationId: 'downloadAttachmentAsConsumer',
      summary: 'Download a file of my complaint',
      description: 'A file attached to this complaint; any other is 404.',
      tag: linkTag,
      access: 'link',
      params: { token: z.string().min(1).max(2_000), id: AttachmentId },
      success: download,
    },
    async (c, deps) => {
      const { attachment, bytes } = await openAttachment(contextOf(deps, c), c.req.valid('param').id);
      return downloadResponse(attachment, bytes);
    },
  ),
];

export function attachmentRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1', attachmentOperations);
}
