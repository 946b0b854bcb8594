import { NotFound, type SlaPolicy, type SlaPolicyInput, type SlaUnit } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { requireRole, STAFF_ROLES } from '../http/principal';
import type { SlaPolicyVersionTable } from './table';

/**
 * The SLA policies are data (`sla_policies`, every version in `sla_policy_versions`), and this
 * file is the one place the SLA engine reads them: `policyAt` gives the version in effect at an
 * instant, so a complaint's clock — started, resumed, its answer window opened, recounted on a
 * new calendar — always counts with the targets of the version in effect when it was assigned.
 * An admin's edit (`savePolicy`) is a new version, in effect from the edit on: it applies to
 * complaints assigned afterwards and never moves a running deadline.
 */

type PolicyFields = Pick<
  SlaPolicyVersionTable,
  | 'code'
  | 'name_zh'
  | 'name_en'
  | 'ack_amount'
  | 'ack_unit'
  | 'settle_amount'
  | 'settle_unit'
  | 'answer_amount'
  | 'answer_unit'
>;

export function toPolicy(row: PolicyFields): SlaPolicy {
  return {
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    acknowledge: { amount: row.ack_amount, unit: row.ack_unit as SlaUnit },
    settle: { amount: row.settle_amount, unit: row.settle_unit as SlaUnit },
    answer: { amount: row.answer_amount, unit: row.answer_unit as SlaUnit },
  };
}

/** A policy with what the admin pages show of its history. */
export interface PolicyRecord extends SlaPolicy {
  version: number;
  /** When the current version took effect (0: since always). */
  validFrom: number;
  /** How many merchants have it: they give it to the complaints assigned to them. */
  merchants: number;
}

/**
 * The version of the policy `code` in effect at `at` (epoch ms): the newest that took effect
 * no later than then. Every read of a policy by the SLA engine goes through here.
 */
export async function policyAt(db: Kysely<Database>, code: string, at: number): Promise<SlaPolicy> {
  const version = await db
    .selectFrom('sla_policy_versions')
    .selectAll()
    .where('code', '=', code)
    .where('valid_from', '<=', at)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (version) return toPolicy(version);
  // Only a version newer than `at` exists (a clock moved back in a test): the oldest is the nearest.
  const first = await db
    .selectFrom('sla_policy_versions')
    .selectAll()
    .where('code', '=', code)
    .orderBy('version', 'asc')
    .limit(1)
    .executeTakeFirst();
  if (!first) throw new NotFound('SLA policy');
  return toPolicy(first);
}

/** The policy as it is now (its current version): for showing it; a clock reads `policyAt`. */
export async function loadPolicy(db: Kysely<Database>, code: string): Promise<SlaPolicy> {
  const row = await db.selectFrom('sla_policies').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new NotFound('SLA policy');
  return toPolicy(row);
}

/** The policy of the merchant a complaint is assigned to, as in effect at `at` (the assignment). */
export async function merchantPolicy(
  db: Kysely<Database>,
  merchantId: string,
  at: number,
): Promise<SlaPolicy> {
  const row = await db
    .selectFrom('merchants')
    .select('sla_policy')
    .where('id', '=', merchantId)
    .executeTakeFirst();
  if (!row) throw new NotFound('merchant');
  return policyAt(db, row.sla_policy, at);
}

/** Every policy as it is now, by code, with how many merchants have each (staff). */
export async function listPolicies(ctx: Pick<ServiceContext, 'db' | 'principal'>): Promise<PolicyRecord[]> {
  requireRole(ctx.principal, STAFF_ROLES, 'read SLA policies');
  const rows = await ctx.db
    .selectFrom('sla_policies')
    .innerJoin('sla_policy_versions', (join) =>
      join
        .onRef('sla_policy_versions.code', '=', 'sla_policies.code')
        .onRef('sla_policy_versions.version', '=', 'sla_policies.version'),
    )
    .select([
      'sla_policies.code',
      'sla_policies.name_zh',
      'sla_policies.name_en',
      'sla_policies.ack_amount',
      'sla_policies.ack_unit',
      'sla_policies.settle_amount',
      'sla_policies.settle_unit',
      'sla_policies.answer_amount',
      'sla_policies.answer_unit',
      'sla_policies.version',
      'sla_policy_versions.valid_from',
    ])
    .select((eb) =>
      eb
        .selectFrom('merchants')
        .select(eb.fn.countAll<number | string>().as('n'))
        .whereRef('merchants.sla_policy', '=', 'sla_policies.code')
        .as('merchants'),
    )
    .orderBy('sla_policies.code')
    .execute();
  return rows.map((r) => ({
    ...toPolicy(r),
    version: Number(r.version),
    validFrom: Number(r.valid_from),
    merchants: Number(r.merchants ?? 0),
  }));
}

/** One policy as it is now (staff); 404 for a code there is none of. */
export async function getPolicy(
  ctx: Pick<ServiceContext, 'db' | 'principal'>,
  code: string,
): Promise<PolicyRecord> {
  const found = (await listPolicies(ctx)).find((p) => p.code === code);
  if (!found) throw new NotFound('SLA policy');
  return found;
}

const sameTargets = (a: SlaPolicy, b: SlaPolicyInput) =>
  a.name.zh === b.name.zh &&
  a.name.en === b.name.en &&
  (['acknowledge', 'settle', 'answer'] as const).every(
    (k) => a[k].amount === b[k].amount && a[k].unit === b[k].unit,
  );

/**
 * Creates the policy `code` or changes it (commission admins), as a new version in effect from
 * now: complaints assigned from now on get it, the running ones keep the targets they started
 * with. Saving what is there already changes nothing (a form sent twice).
 */
export async function savePolicy(
  ctx: Pick<ServiceContext, 'db' | 'dialect' | 'transact' | 'clock' | 'principal'>,
  code: string,
  input: SlaPolicyInput,
): Promise<{ policy: SlaPolicy; version: number; created: boolean; changed: boolean }> {
  requireRole(ctx.principal, ['commission_admin'], 'change SLA policies');
  const now = ctx.clock.now();
  return ctx.transact(async (trx) => {
    const query = trx.selectFrom('sla_policies').selectAll().where('code', '=', code);
    // Two admins saving at once make two versions one after the other (SQLite's writes are serial).
    const current = await (ctx.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    const policy: SlaPolicy = { code, ...input };
    if (current && sameTargets(toPolicy(current), input))
      return { policy, version: Number(current.version), created: false, changed: false };
    const fields = {
      name_zh: input.name.zh,
      name_en: input.name.en,
      ack_amount: input.acknowledge.amount,
      ack_unit: input.acknowledge.unit,
      settle_amount: input.settle.amount,
      settle_unit: input.settle.unit,
      answer_amount: input.answer.amount,
      answer_unit: input.answer.unit,
    };
    const version = current ? Number(current.version) + 1 : 1;
    if (current)
      await trx
        .updateTable('sla_policies')
        .set({ ...fields, version, updated_at: now })
        .where('code', '=', code)
        .execute();
    else
      await trx
        .insertInto('sla_policies')
        .values({ code, ...fields, version, updated_at: now })
        .execute();
    await trx
      .insertInto('sla_policy_versions')
      .values({ code, version, valid_from: now, ...fields, changed_by: ctx.principal.id })
      .execute();
    return { policy, version, created: !current, changed: true };
  });
}
