import type { CreateMerchantInput } from '@redress/core';
import { businessNameKey, Conflict, Invalid, type Merchant, NotFound, newId, toIso } from '@redress/core';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { toPolicy } from '../sla';
import type { MerchantRow } from './table';

export function toMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    slaPolicy: row.sla_policy,
    createdAt: toIso(row.created_at),
  };
}

/** The caller's own merchant, with its SLA policy spelled out. */
export async function ownMerchant(ctx: ServiceContext) {
  const p = ctx.principal;
  if (p.actor !== 'merchant' || !p.merchantId) throw new NotFound('merchant');
  return merchantWithPolicy(ctx, p.merchantId);
}

async function merchantWithPolicy(ctx: ServiceContext, id: string) {
  const row = await ctx.db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('merchant');
  const policy = await ctx.db
    .selectFrom('sla_policies')
    .selectAll()
    .where('code', '=', row.sla_policy)
    .executeTakeFirstOrThrow();
  return { ...toMerchant(row), policy: toPolicy(policy) };
}

export async function listMerchants(ctx: ServiceContext): Promise<Merchant[]> {
  requireRole(ctx.principal, STAFF_ROLES, 'list merchants');
  return (await ctx.db.selectFrom('merchants').selectAll().orderBy('name').execute()).map(toMerchant);
}

export async function getMerchant(ctx: ServiceContext, id: string) {
  const p = ctx.principal;
  if (p.actor !== 'staff' && p.merchantId !== id) throw new NotFound('merchant');
  return merchantWithPolicy(ctx, id);
}

async function checkPolicy(ctx: Pick<ServiceContext, 'db'>, code: string): Promise<void> {
  const policy = await ctx.db
    .selectFrom('sla_policies')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!policy)
    throw new Invalid('unknown SLA policy', [
      { path: 'slaPolicy', code: 'not_found', message: `no policy ${code}` },
    ]);
}

export async function createMerchant(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'principal'>,
  input: z.infer<typeof CreateMerchantInput>,
): Promise<Merchant> {
  requireRole(ctx.principal, ['commission_admin'], 'register merchants');
  await checkPolicy(ctx, input.slaPolicy);
  const dup = await ctx.db
    .selectFrom('merchants')
    .select('id')
    .where('credit_code', '=', input.creditCode)
    .executeTakeFirst();
  if (dup) throw new Conflict(`a merchant with credit code ${input.creditCode} is registered: ${dup.id}`);
  const now = ctx.clock.now();
  const row: MerchantRow = {
    id: newId('merchant', now),
    name: input.name,
    name_key: businessNameKey(input.name),
    credit_code: input.creditCode,
    sla_policy: input.slaPolicy,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('merchants').values(row).execute();
  return toMerchant(row);
}

/** Changes a merchant's name or SLA policy; a new policy applies to complaints assigned afterwards. */
export async function updateMerchant(
  ctx: ServiceContext,
  id: string,
  input: { name?: string | undefined; slaPolicy?: string | undefined },
) {
  requireRole(ctx.principal, ['commission_admin'], 'change merchants');
  const existing = await ctx.db.selectFrom('merchants').select('id').where('id', '=', id).executeTakeFirst();
  if (!existing) throw new NotFound('merchant');
  if (input.slaPolicy) await checkPolicy(ctx, input.slaPolicy);
  await ctx.transact(async (trx) => {
    await trx
      .updateTable('merchants')
      .set({
        ...(input.name ? { name: input.name, name_key: businessNameKey(input.name) } : {}),
        ...(input.slaPolicy ? { sla_policy: input.slaPolicy } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    if (input.name) await bumpMerchantNames(trx);
  });
  return merchantWithPolicy(ctx, id);
}

/**
 * Merchants' names are part of every complaint's JSON (`business`), which each app caches by
 * complaint id and version (complaints/list-cache.ts); a rename changes no complaint's version.
 * So a rename counts up this number, in its transaction, and every app's list reads it and
 * drops its cached JSON when it moved: no process shows the old name after the rename commits.
 */
const MERCHANT_NAMES = 'merchant-names';

async function bumpMerchantNames(trx: Kysely<Database>): Promise<void> {
  await trx
    .insertInto('sequences')
    .values({ name: MERCHANT_NAMES, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`sequences.value + 1` }))
    .execute();
}

/** How many times merchants were renamed (0 before the first): the list cache's generation. */
export async function merchantNamesGeneration(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('sequences')
    .select('value')
    .where('name', '=', MERCHANT_NAMES)
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/**
 * The registered merchants by name, for a liaison station's settlement form and for staff
 * routing a complaint: only what picking one needs.
 */
export async function merchantChoices(
  ctx: ServiceContext,
): Promise<{ id: string; name: string; creditCode: string }[]> {
  const p = ctx.principal;
  if (p.actor !== 'station' && p.actor !== 'staff') requireRole(p, STAFF_ROLES, 'list merchants');
  const rows = await ctx.db
    .selectFrom('merchants')
    .select(['id', 'name', 'credit_code'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code }));
}
