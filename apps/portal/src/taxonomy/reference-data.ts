import { CATEGORY_LABELS, DEFAULT_POLICIES, TAG_LABELS } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/**
 * Seeds the reference data of GLOSSARY.md and the default SLA policies: inserts what is
 * missing and never overwrites what admins changed. Runs after every migration.
 */
export async function ensureReferenceData(db: Kysely<Database>, now: number): Promise<void> {
  const categories = Object.entries(CATEGORY_LABELS).map(([code, l]) => ({
    code,
    name_zh: l.zh,
    name_en: l.en,
  }));
  const tags = Object.entries(TAG_LABELS).map(([code, l]) => ({ code, name_zh: l.zh, name_en: l.en }));
  await db
    .insertInto('categories')
    .values(categories)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db
    .insertInto('tags')
    .values(tags)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const policies = Object.values(DEFAULT_POLICIES).map((p) => ({
    code: p.code,
    name_zh: p.name.zh,
    name_en: p.name.en,
    ack_amount: p.acknowledge.amount,
    ack_unit: p.acknowledge.unit,
    settle_amount: p.settle.amount,
    settle_unit: p.settle.unit,
    answer_amount: p.answer.amount,
    answer_unit: p.answer.unit,
    updated_at: now,
  }));
  await db
    .insertInto('sla_policies')
    .values(policies)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  // A shipped policy is version 1, in effect since always; an admin's edits are the later versions.
  await db
    .insertInto('sla_policy_versions')
    .values(
      policies.map(({ updated_at: _, ...p }) => ({ ...p, version: 1, valid_from: 0, changed_by: null })),
    )
    .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
    .execute();
}
