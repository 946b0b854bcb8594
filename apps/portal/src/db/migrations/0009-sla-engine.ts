import { type Kysely, sql } from 'kysely';

/**
 * The SLA engine of issue 11. Typed `Kysely<any>` and importing nothing from the app.
 *
 * complaints:
 * - `stopped_at`: when a proposal made before the settle deadline stopped the merchant's
 *   settle clock; `answer_due_at`: the end of the consumer's window to answer it.
 * - `escalate_at`: when the sweeper must escalate the complaint (the settle deadline, whatever
 *   the stage, or the end of the answer window), with its partial index (escalate_at, id).
 * - `escalation_cause`: why the complaint went to mediation.
 * - the commission's own deadlines: `accept_due_at` (7 working days from receipt, art. 15) and
 *   `accepted_at` (first routed, or refused); `mediation_due_at` (60 calendar days from
 *   escalation, art. 23) and `mediation_ended_at`; `staff_due_at`/`staff_due_stage`, the one
 *   running now, for the sweeper's notices to staff, with their partial index.
 * sla_policies: the consumer's answer window (`answer_amount`, `answer_unit`), 3 working days.
 *
 * Running clocks get their `escalate_at` here (plain SQL: the settle deadline); the
 * commission's deadlines need the working-day calendar, so the sweeper fills them in for open
 * complaints that have none (sla/commission.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of [
    'stopped_at',
    'answer_due_at',
    'escalate_at',
    'accept_due_at',
    'accepted_at',
    'mediation_due_at',
    'mediation_ended_at',
    'staff_due_at',
  ]) {
    await db.schema.alterTable('complaints').addColumn(column, 'bigint').execute();
  }
  await db.schema.alterTable('complaints').addColumn('staff_due_stage', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('escalation_cause', 'text').execute();
  await db.schema
    .alterTable('sla_policies')
    .addColumn('answer_amount', 'integer', (c) => c.notNull().defaultTo(3))
    .execute();
  await db.schema
    .alterTable('sla_policies')
    .addColumn('answer_unit', 'text', (c) => c.notNull().defaultTo('working_days'))
    .execute();
  await db
    .updateTable('complaints')
    .set({ escalate_at: sql.ref('settle_due_at') })
    .where('escalated_at', 'is', null)
    .where('settle_due_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['assigned', 'acknowledged', 'proposed']),
        eb.and([eb('status', '=', 'awaiting_consumer'), eb('paused_at', '>=', eb.ref('settle_due_at'))]),
      ]),
    )
    .execute();
  await db
    .updateTable('complaints')
    .set({ accepted_at: sql.ref('assigned_at') })
    .where('assigned_at', 'is not', null)
    .execute();
  await db
    .updateTable('complaints')
    .set({ accepted_at: sql.ref('closed_at') })
    .where('accepted_at', 'is', null)
    .where('closed_at', 'is not', null)
    .execute();
  await db.schema
    .createIndex('complaints_escalate')
    .on('complaints')
    .columns(['escalate_at', 'id'])
    .where(sql.ref('escalate_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('complaints_staff_due')
    .on('complaints')
    .columns(['staff_due_at', 'id'])
    .where(sql.ref('staff_due_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('complaints_staff_due').execute();
  await db.schema.dropIndex('complaints_escalate').execute();
  for (const column of [
    'stopped_at',
    'answer_due_at',
    'escalate_at',
    'accept_due_at',
    'accepted_at',
    'mediation_due_at',
    'mediation_ended_at',
    'staff_due_at',
    'staff_due_stage',
    'escalation_cause',
  ]) {
    await db.schema.alterTable('complaints').dropColumn(column).execute();
  }
  await db.schema.alterTable('sla_policies').dropColumn('answer_unit').execute();
  await db.schema.alterTable('sla_policies').dropColumn('answer_amount').execute();
}
