import {
  businessNameKey,
  type FieldError,
  Invalid,
  type MerchantAliases,
  NotFound,
  type SetMerchantAliasesInput,
} from '@redress/core';
import type { ServiceContext } from '../context';
import { requireRole } from '../http/principal';

/** A merchant's aliases, oldest first: staff, and the merchant's own users. */
export async function getMerchantAliases(ctx: ServiceContext, merchantId: string): Promise<MerchantAliases> {
  const p = ctx.principal;
  if (p.actor !== 'staff' && p.merchantId !== merchantId) throw new NotFound('merchant');
  const merchant = await ctx.db
    .selectFrom('merchants')
    .select('id')
    .where('id', '=', merchantId)
    .executeTakeFirst();
  if (!merchant) throw new NotFound('merchant');
  const rows = await ctx.db
    .selectFrom('merchant_aliases')
    .select('alias')
    .where('merchant_id', '=', merchantId)
    .orderBy('created_at')
    .orderBy('alias_key')
    .execute();
  return { merchantId, aliases: rows.map((r) => r.alias) };
}

/**
 * Replaces a merchant's aliases (commission admins). Aliases with the same normal form count once;
 * one that is another merchant's alias or registered name is refused (422, `aliases.<i>`:
 * `duplicate`), since it would route that merchant's complaints here. Kept aliases keep their date.
 */
export async function setMerchantAliases(
  ctx: ServiceContext,
  merchantId: string,
  input: SetMerchantAliasesInput,
): Promise<MerchantAliases> {
  requireRole(ctx.principal, ['commission_admin'], 'change merchants’ aliases');
  const merchant = await ctx.db
    .selectFrom('merchants')
    .select(['id', 'name_key'])
    .where('id', '=', merchantId)
    .executeTakeFirst();
  if (!merchant) throw new NotFound('merchant');
  const wanted = new Map<string, { alias: string; index: number }>();
  input.aliases.forEach((alias, index) => {
    const key = businessNameKey(alias);
    if (!wanted.has(key)) wanted.set(key, { alias, index });
  });
  const keys = [...wanted.keys()];
  const errors: FieldError[] = [];
  if (keys.length > 0) {
    const [aliases, names] = await Promise.all([
      ctx.db
        .selectFrom('merchant_aliases')
        .select(['alias_key', 'merchant_id'])
        .where('alias_key', 'in', keys)
        .where('merchant_id', '<>', merchantId)
        .execute(),
      ctx.db
        .selectFrom('merchants')
        .select(['name_key', 'id'])
        .where('name_key', 'in', keys)
        .where('id', '<>', merchantId)
        .execute(),
    ]);
    for (const { key, whose } of [
      ...aliases.map((a) => ({ key: a.alias_key, whose: `an alias of ${a.merchant_id}` })),
      ...names.map((n) => ({ key: n.name_key, whose: `the registered name of ${n.id}` })),
    ]) {
      const w = wanted.get(key);
      if (w) errors.push({ path: `aliases.${w.index}`, code: 'duplicate', message: `already ${whose}` });
    }
  }
  if (errors.length > 0) throw new Invalid('an alias names another merchant', errors);
  const now = ctx.clock.now();
  await ctx.transact(async (trx) => {
    const existing = await trx
      .selectFrom('merchant_aliases')
      .select('alias_key')
      .where('merchant_id', '=', merchantId)
      .execute();
    const gone = existing.map((e) => e.alias_key).filter((k) => !wanted.has(k));
    if (gone.length > 0)
      await trx
        .deleteFrom('merchant_aliases')
        .where('merchant_id', '=', merchantId)
        .where('alias_key', 'in', gone)
        .execute();
    const kept = new Set(existing.map((e) => e.alias_key));
    const added = [...wanted].filter(([k]) => !kept.has(k));
    if (added.length > 0)
      await trx
        .insertInto('merchant_aliases')
        .values(
          added.map(([alias_key, w]) => ({
            merchant_id: merchantId,
            alias: w.alias,
            alias_key,
            created_at: now,
          })),
        )
        .execute();
    // The spelling of a kept alias may have changed (full-width to half-width): keep the new one.
    for (const [alias_key, w] of wanted) {
      if (kept.has(alias_key))
        await trx
          .updateTable('merchant_aliases')
          .set({ alias: w.alias })
          .where('alias_key', '=', alias_key)
          .execute();
    }
  });
  return getMerchantAliases(ctx, merchantId);
}
