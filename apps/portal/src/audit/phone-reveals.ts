import { type ListPhoneRevealsQuery, type PhoneReveal, toIso } from '@redress/core';
import type { ServiceContext } from '../context';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { requireRole } from '../http/principal';

/** The audit-log action of one read of a consumer's full phone number (complaints/read.ts). */
export const PHONE_REVEAL_ACTION = 'consumer_phone.read';

/**
 * The audit of full-phone reveals, newest first, for commission admins (403 for anyone else):
 * who read a consumer's whole number, when, on which complaint. Keyset-paged by the audit
 * row's id (the `audit_log_action` index: action, id).
 */
export async function listPhoneReveals(
  ctx: ServiceContext,
  input: ListPhoneRevealsQuery,
): Promise<{ data: PhoneReveal[]; nextCursor: string | null }> {
  requireRole(ctx.principal, ['commission_admin'], 'read the audit of phone reveals');
  let query = ctx.db
    .selectFrom('audit_log as a')
    .leftJoin('complaints as c', 'c.id', 'a.complaint_id')
    .leftJoin('users as u', (j) => j.onRef('u.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'user'))
    .leftJoin('api_clients as k', (j) => j.onRef('k.id', '=', 'a.actor_id').on('a.actor_kind', '=', 'client'))
    .select([
      'a.id',
      'a.created_at',
      'a.actor_kind',
      'a.actor_id',
      'a.complaint_id',
      'c.reference',
      'u.name as user_name',
      'u.email as user_email',
      'u.role as user_role',
      'k.name as client_name',
    ])
    .where('a.action', '=', PHONE_REVEAL_ACTION);
  if (input.complaintId) query = query.where('a.complaint_id', '=', input.complaintId);
  if (input.cursor) {
    const [id] = decodeCursor(input.cursor, ['number']) as [number];
    query = query.where('a.id', '<', id);
  }
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: Number(r.id),
      revealedAt: toIso(Number(r.created_at)),
      actor: {
        kind: r.actor_kind as PhoneReveal['actor']['kind'],
        id: r.actor_id,
        name: r.user_name ?? r.client_name ?? null,
        email: r.user_email ?? null,
        role: r.user_role ?? null,
      },
      complaint: { id: r.complaint_id ?? '', reference: r.reference ?? null },
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor([Number(last.id)]) : null,
  };
}
