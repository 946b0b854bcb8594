import type { Kysely } from 'kysely';

/**
 * Early-warning alerts (issue 15): the alerts raised by the EARS evaluation and one row per
 * evaluated date, which makes the daily evaluation happen exactly once across workers. An alert
 * is unique per series, period and method, so evaluating a date again raises nothing twice.
 * Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('series_key', 'text', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('period_from', 'bigint', (c) => c.notNull())
    .addColumn('period_to', 'bigint', (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('expected', 'double precision', (c) => c.notNull())
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('evaluation_date', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolution_note', 'text')
    .addUniqueConstraint('alerts_series_period', [
      'dimension',
      'series_key',
      'granularity',
      'period_from',
      'method',
    ])
    .execute();
  await db.schema.createIndex('alerts_status_raised').on('alerts').columns(['status', 'raised_at']).execute();
  await db.schema.createIndex('alerts_evaluation').on('alerts').column('evaluation_date').execute();
  await db.schema
    .createTable('alert_evaluations')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
    .addColumn('day_series', 'integer', (c) => c.notNull())
    .addColumn('week_series', 'integer')
    .addColumn('evaluated_by', 'text')
    .addColumn('raised', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_evaluations').execute();
  await db.schema.dropTable('alerts').execute();
}
