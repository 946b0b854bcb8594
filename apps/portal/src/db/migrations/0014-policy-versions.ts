import { type Kysely, sql } from 'kysely';

/**
 * SLA policies an admin edits (issue 13, the admin pages). `sla_policies` keeps each policy as
 * it is now, with its `version`; `sla_policy_versions` keeps every version, immutable, with
 * when it took effect (`valid_from`) and who made it. A complaint's clock reads the version in
 * effect when it was assigned (sla/policies.ts), so an edit applies to complaints assigned
 * afterwards and never moves a running deadline, also when the clock resumes or a calendar is
 * loaded later. The policies there are become version 1, in effect since always (0). Typed
 * `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sla_policies')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('sla_policy_versions')
    .addColumn('code', 'text', (c) => c.notNull().references('sla_policies.code'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('ack_amount', 'integer', (c) => c.notNull())
    .addColumn('ack_unit', 'text', (c) => c.notNull())
    .addColumn('settle_amount', 'integer', (c) => c.notNull())
    .addColumn('settle_unit', 'text', (c) => c.notNull())
    .addColumn('answer_amount', 'integer', (c) => c.notNull())
    .addColumn('answer_unit', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addPrimaryKeyConstraint('sla_policy_versions_pk', ['code', 'version'])
    .execute();
  await sql`
    insert into sla_policy_versions
      (code, version, valid_from, name_zh, name_en, ack_amount, ack_unit, settle_amount, settle_unit,
       answer_amount, answer_unit, changed_by)
    select code, 1, 0, name_zh, name_en, ack_amount, ack_unit, settle_amount, settle_unit,
       answer_amount, answer_unit, null
    from sla_policies`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sla_policy_versions').execute();
  await db.schema.alterTable('sla_policies').dropColumn('version').execute();
}
