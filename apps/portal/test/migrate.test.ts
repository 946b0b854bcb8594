import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/dialect';
import { MIGRATIONS, migrateToLatest, pendingMigrations } from '../src/db/migrate';
import { databaseUrl, PG_URL, TEST_DB } from './harness';

/**
 * Migrations on a database where others come and go: on PostgreSQL every test has a schema of
 * its own, and so may tenants on a shared server. Migrating one schema must not read the others
 * (Kysely's own catalog introspection reads every schema and fails when one is dropped under it).
 */
describe('migrations', () => {
  it('run once, and again find nothing to do', async () => {
    const db = openDatabase(await databaseUrl());
    try {
      const first = await migrateToLatest(db.db);
      expect(first.map((r) => r.migrationName)).toEqual(Object.keys(MIGRATIONS));
      expect(await migrateToLatest(db.db)).toEqual([]);
      expect(await pendingMigrations(db.db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  if (TEST_DB === 'postgres') {
    it('migrate one schema while other schemas are dropped meanwhile', async () => {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const others = Array.from({ length: 40 }, () => `m_${randomBytes(6).toString('hex')}`);
      try {
        for (const s of others) await admin.query(`create schema ${s}; create table ${s}.t (id int)`);
        const db = openDatabase(await databaseUrl());
        try {
          // Drop the others one by one while the migrations run and introspect.
          const dropping = (async () => {
            for (const s of others) await admin.query(`drop schema ${s} cascade`);
          })();
          const results = await migrateToLatest(db.db);
          await dropping;
          expect(results.every((r) => r.status === 'Success')).toBe(true);
          expect(await pendingMigrations(db.db)).toEqual([]);
        } finally {
          await db.close();
        }
      } finally {
        for (const s of others) await admin.query(`drop schema if exists ${s} cascade`);
        await admin.end();
      }
    });
  }
});
