import type { Kysely } from 'kysely';

/**
 * Bulk intake (issue 13): each import (`imports`: who ran it, the file, its counts as the rows
 * are read) and each row's result (`import_rows`: imported, unchanged, changed or rejected, the
 * complaint, how it was routed, the errors, and for a rejected row its cells, for the CSV to fix
 * and upload again). Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('profile', 'text')
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by_kind', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('header', 'text')
    .addColumn('failure', 'text')
    .execute();
  await db.schema.createIndex('imports_created').on('imports').columns(['created_at']).execute();
  await db.schema
    .createTable('import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'text')
    .addColumn('routing', 'text')
    .addColumn('merchant_id', 'text')
    .addColumn('errors', 'text')
    .addColumn('fields', 'text')
    .addColumn('cells', 'text')
    .addPrimaryKeyConstraint('import_rows_pk', ['import_id', 'line'])
    .execute();
  await db.schema
    .createIndex('import_rows_ref')
    .on('import_rows')
    .columns(['import_id', 'external_ref'])
    .execute();
  await db.schema
    .createIndex('import_rows_result')
    .on('import_rows')
    .columns(['import_id', 'result', 'line'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_rows').execute();
  await db.schema.dropTable('imports').execute();
}
