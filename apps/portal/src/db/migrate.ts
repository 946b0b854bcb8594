import {
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type MigrationResult,
  Migrator,
  PostgresAdapter,
  sql,
} from 'kysely';
import * as spine from './migrations/0001-spine';
import * as webhooks from './migrations/0002-webhooks';
import * as consumerFeedback from './migrations/0003-consumer-feedback';
import * as sweepKeyset from './migrations/0004-sweep-keyset';
import * as access from './migrations/0005-access';
import * as rateLimits from './migrations/0006-rate-limits';
import * as operations from './migrations/0008-operations';
import * as slaEngine from './migrations/0009-sla-engine';
import * as calendars from './migrations/0010-calendars';
import * as business from './migrations/0011-business';
import * as imports from './migrations/0012-imports';
import * as recordedBy from './migrations/0013-recorded-by';
import * as policyVersions from './migrations/0014-policy-versions';
import * as notices from './migrations/0015-notices';
import * as attachments from './migrations/0016-attachments';
import * as teams from './migrations/0017-teams';
import * as alerts from './migrations/0019-alerts';
import * as typicalCases from './migrations/0020-typical-cases';
import * as onePublishedCase from './migrations/0021-one-published-case';
import * as messageAttachments from './migrations/0022-message-attachments';
import * as figuresSignature from './migrations/0023-figures-signature';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-spine': spine,
  '0002-webhooks': webhooks,
  '0003-consumer-feedback': consumerFeedback,
  '0004-sweep-keyset': sweepKeyset,
  '0005-access': access,
  '0006-rate-limits': rateLimits,
  '0008-operations': operations,
  '0009-sla-engine': slaEngine,
  '0010-calendars': calendars,
  '0011-business': business,
  '0012-imports': imports,
  '0013-recorded-by': recordedBy,
  '0014-policy-versions': policyVersions,
  '0015-notices': notices,
  '0016-attachments': attachments,
  '0017-teams': teams,
  '0019-alerts': alerts,
  '0020-typical-cases': typicalCases,
  '0021-one-published-case': onePublishedCase,
  '0022-message-attachments': messageAttachments,
  '0023-figures-signature': figuresSignature,
};

/**
 * The migrator. On PostgreSQL its tables live in the connection's current schema, named
 * explicitly: left unnamed, Kysely finds another schema's lock table through the catalog and
 * skips creating its own (seen with one schema per test). And it looks only there: Kysely's own
 * introspection reads every schema of the database (`has_schema_privilege(nspname, …)` per
 * row), which fails with "schema … does not exist" when another schema is dropped meanwhile —
 * another test's, or another tenant's on a shared server.
 */
async function migrator(db: Kysely<any>): Promise<Migrator> {
  const provider = { getMigrations: async () => MIGRATIONS };
  if (!(db.getExecutor().adapter instanceof PostgresAdapter))
    return new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  // Unordered: numbers were handed out to parallel work, so 0010 may have run before 0009 did.
  return new Migrator({
    db: withIntrospector(db, currentSchemaIntrospector(db, schema)),
    provider,
    allowUnorderedMigrations: true,
    migrationTableSchema: schema,
  });
}

/** What the migrator asks of the catalog (does the schema, does a table exist), in one schema. */
function currentSchemaIntrospector(db: Kysely<any>, schema: string): DatabaseIntrospector {
  return {
    async getSchemas() {
      const { rows } = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    async getTables() {
      const { rows } = await sql<{ name: string; isView: boolean }>`
        select c.relname as name, c.relkind = 'v' as "isView"
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db);
      return rows.map((r) => ({ ...r, schema, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
}

/** The same Kysely instance, answering `introspection` with the one given. */
function withIntrospector(db: Kysely<any>, introspection: DatabaseIntrospector): Kysely<any> {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'introspection') return introspection;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const m = await migrator(db);
  const { error, results } = await m.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return results ?? [];
}

/** Whether every migration has run (for `/readyz`). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
