import { type ListPhoneRevealsQuery, type PhoneReveal, toIso } from '@redress/core';
import type { ServiceContext } from '../context';
import { requireRole } from '../http/principal';
import { auditTrail } from './trail';

/** The audit-log action of one read of a consumer's full phone number (complaints/read.ts). */
export const PHONE_REVEAL_ACTION = 'consumer_phone.read';

/**
 * The audit of full-phone reveals, newest first, for commission admins (403 for anyone else):
 * who read a consumer's whole number, when, on which complaint (`auditTrail`, keyset-paged by
 * the audit row's id).
 */
export async function listPhoneReveals(
  ctx: ServiceContext,
  input: ListPhoneRevealsQuery,
): Promise<{ data: PhoneReveal[]; nextCursor: string | null }> {
  requireRole(ctx.principal, ['commission_admin'], 'read the audit of phone reveals');
  const { page, nextCursor } = await auditTrail(ctx, PHONE_REVEAL_ACTION, input);
  return {
    data: page.map((r) => ({ id: r.id, revealedAt: toIso(r.at), actor: r.actor, complaint: r.complaint })),
    nextCursor,
  };
}
