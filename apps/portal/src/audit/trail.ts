import type { PhoneReveal } from '@redress/core';
import type { ServiceContext } from '../context';
import { decodeCursor, encodeCursor } from '../http/cursor';

/** What the audits' lists ask for: a page, after a cursor, maybe of one complaint. */
interface TrailQuery {
  limit: number;
  cursor?: string | undefined;
  complaintId?: string | undefined;
}

/**
 * One page of the audit log's rows of one action, newest first, for the audits' lists (phone
 * reveals, reads of the consumer's files): the row with who did it (the user or API client as it
 * is now), the complaint's reference and the file's name (null when the row names no file, or
 * once retention erased it). Keyset-paged by the row's id (the `audit_log_action` index: action,
 * id). The callers check who may read.
 */
export async function auditTrail(ctx: ServiceContext, action: string, input: TrailQuery) {
  let query = ctx.db
    .selectFrom('audit_log as a')
    .leftJoin('complaints as c', 'c.id', 'a.complaint_id')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'user'))
    .leftJoin('api_clients as k', (j) => j.onRef('k.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'client'))
    .leftJoin('attachments as f', 'f.id', 'a.attachment_id')
    .select([
      'a.id',
      'a.created_at',
      'a.actor_kind',
      'a.actor_id',
      'a.complaint_id',
      'a.attachment_id',
      'c.reference',
      'u.name as user_name',
      'u.email as user_email',
      'u.role as user_role',
      'k.name as client_name',
      'f.file_name',
    ])
    .where('a.action', '=', action);
  if (input.complaintId) query = query.where('a.complaint_id', '=', input.complaintId);
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, ['number']) as [number];
    query = query.where('a.id', '<', id);
  }
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit).map((r) => ({
    id: Number(r.id),
    at: Number(r.created_at),
    actor: {
      kind: r.actor_kind as PhoneReveal['actor']['kind'],
      id: r.actor_id,
      name: r.user_name ?? r.client_name ?? null,
      email: r.user_email ?? null,
      role: r.user_role ?? null,
    },
    complaint: { id: r.complaint_id ?? '', reference: r.reference ?? null },
    attachmentId: r.attachment_id,
    fileName: r.file_name ?? null,
  }));
  const last = page.at(-1);
  return { page, nextCursor: rows.length > input.limit && last ? encodeCursor([last.id]) : null };
}
