import {
  Conflict,
  type CreateReplyTemplateInput,
  Forbidden,
  NotFound,
  newId,
  type ReplyTemplate,
  toIso,
  type UpdateReplyTemplateInput,
} from '@redress/core';
import type { ServiceContext } from '../context';
import { MERCHANT_ROLES, type Principal } from '../http/principal';
import type { ReplyTemplateRow } from './table';

/**
 * Reply templates per merchant: its admins manage them, its agents (and admins, and its API
 * clients) read them to pick one and edit it before sending. Another merchant's template is 404.
 */

function toTemplate(row: ReplyTemplateRow): ReplyTemplate {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    name: row.name,
    body: row.body,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/**
 * The caller's merchant, for a merchant's user or client. Anyone else has no templates: the
 * list is 403, and a template by id is 404 (`one`), as any id the caller may not see.
 */
function merchantOf(p: Principal, one = false): string {
  if (p.actor !== 'merchant' || !p.merchantId || p.role === null || !MERCHANT_ROLES.includes(p.role)) {
    if (one) throw new NotFound('reply template');
    throw new Forbidden('reply templates are a merchant’s');
  }
  return p.merchantId;
}

function adminMerchantOf(p: Principal, one = false): string {
  const merchantId = merchantOf(p, one);
  if (p.role !== 'merchant_admin') throw new Forbidden('only a merchant admin manages reply templates');
  return merchantId;
}

/** The caller's merchant's templates, by name. */
export async function listReplyTemplates(ctx: ServiceContext): Promise<ReplyTemplate[]> {
  const merchantId = merchantOf(ctx.principal);
  const rows = await ctx.db
    .selectFrom('reply_templates')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toTemplate);
}

async function ownTemplate(ctx: ServiceContext, merchantId: string, id: string): Promise<ReplyTemplateRow> {
  const row = await ctx.db
    .selectFrom('reply_templates')
    .selectAll()
    .where('id', '=', id)
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  if (!row) throw new NotFound('reply template');
  return row;
}

export async function getReplyTemplate(ctx: ServiceContext, id: string): Promise<ReplyTemplate> {
  return toTemplate(await ownTemplate(ctx, merchantOf(ctx.principal, true), id));
}

async function nameTaken(ctx: ServiceContext, merchantId: string, name: string, except?: string) {
  let query = ctx.db
    .selectFrom('reply_templates')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('name', '=', name);
  if (except) query = query.where('id', '!=', except);
  if (await query.executeTakeFirst()) throw new Conflict(`a reply template named ${name} exists`);
}

export async function createReplyTemplate(
  ctx: ServiceContext,
  input: CreateReplyTemplateInput,
): Promise<ReplyTemplate> {
  const merchantId = adminMerchantOf(ctx.principal);
  await nameTaken(ctx, merchantId, input.name);
  const now = ctx.clock.now();
  const row: ReplyTemplateRow = {
    id: newId('replyTemplate', now),
    merchant_id: merchantId,
    name: input.name,
    body: input.body,
    created_by: ctx.principal.id,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('reply_templates').values(row).execute();
  return toTemplate(row);
}

export async function updateReplyTemplate(
  ctx: ServiceContext,
  id: string,
  input: UpdateReplyTemplateInput,
): Promise<ReplyTemplate> {
  const merchantId = adminMerchantOf(ctx.principal, true);
  const row = await ownTemplate(ctx, merchantId, id);
  if (input.name !== undefined) await nameTaken(ctx, merchantId, input.name, id);
  const changed: ReplyTemplateRow = {
    ...row,
    name: input.name ?? row.name,
    body: input.body ?? row.body,
    updated_at: ctx.clock.now(),
  };
  await ctx.db
    .updateTable('reply_templates')
    .set({ name: changed.name, body: changed.body, updated_at: changed.updated_at })
    .where('id', '=', id)
    .execute();
  return toTemplate(changed);
}

export async function deleteReplyTemplate(ctx: ServiceContext, id: string): Promise<void> {
  const merchantId = adminMerchantOf(ctx.principal, true);
  await ownTemplate(ctx, merchantId, id);
  await ctx.db.deleteFrom('reply_templates').where('id', '=', id).execute();
}
