import { NotFound, type SlaPolicy, type SlaUnit } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { SlaPolicyTable } from './table';

export function toPolicy(row: SlaPolicyTable): SlaPolicy {
  return {
    code: row.code,
    name: { zh: row.name_zh, en: row.name_en },
    acknowledge: { amount: row.ack_amount, unit: row.ack_unit as SlaUnit },
    settle: { amount: row.settle_amount, unit: row.settle_unit as SlaUnit },
    answer: { amount: row.answer_amount, unit: row.answer_unit as SlaUnit },
  };
}

export async function loadPolicy(db: Kysely<Database>, code: string): Promise<SlaPolicy> {
  const row = await db.selectFrom('sla_policies').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw new NotFound('SLA policy');
  return toPolicy(row);
}

export async function listPolicies(db: Kysely<Database>): Promise<SlaPolicy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().orderBy('code').execute();
  return rows.map(toPolicy);
}

/** The policy of the merchant a complaint is assigned to. */
export async function merchantPolicy(db: Kysely<Database>, merchantId: string): Promise<SlaPolicy> {
  const row = await db
    .selectFrom('merchants')
    .innerJoin('sla_policies', 'sla_policies.code', 'merchants.sla_policy')
    .selectAll('sla_policies')
    .where('merchants.id', '=', merchantId)
    .executeTakeFirst();
  if (!row) throw new NotFound('merchant');
  return toPolicy(row);
}
