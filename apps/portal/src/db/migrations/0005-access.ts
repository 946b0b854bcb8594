import type { Kysely } from 'kysely';

/**
 * Access that is taken away is gone at once. A user's credentials version is raised whenever
 * what a session of theirs stands for changes (disabled, role, merchant or station, password);
 * a session carries the version it was signed in with and is live only while the two agree, so
 * one update ends every session of the user, even one being signed in at that very moment.
 * API clients already carry `revoked_at`. Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('credentials_version').execute();
  await db.schema.alterTable('users').dropColumn('credentials_version').execute();
}
