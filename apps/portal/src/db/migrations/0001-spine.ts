import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The spine: merchants, stations, users, API clients, complaints, settlements, events,
 * idempotency keys, the audit log and the SLA tables. Typed `Kysely<any>` and importing
 * nothing from the app, so that it never depends on today's code.
 * Instants are bigint epoch milliseconds; booleans are integers 0/1 — the same in both dialects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = postgres ? 'bigserial' : 'integer';
  const withSerial = (col: any) => (postgres ? col.primaryKey() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('sla_policies')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('ack_amount', 'integer', (c) => c.notNull())
    .addColumn('ack_unit', 'text', (c) => c.notNull())
    .addColumn('settle_amount', 'integer', (c) => c.notNull())
    .addColumn('settle_unit', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('merchants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull().unique())
    .addColumn('sla_policy', 'text', (c) => c.notNull().references('sla_policies.code'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('online', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .addColumn('station_id', 'text', (c) => c.references('stations.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .execute();
  await db.schema.createIndex('users_merchant').on('users').columns(['merchant_id']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('api_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('acts_as', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .addColumn('station_id', 'text', (c) => c.references('stations.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  for (const table of ['categories', 'tags']) {
    await db.schema
      .createTable(table)
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name_zh', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .execute();
  }

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .addColumn('station_id', 'text', (c) => c.references('stations.id'))
    .addColumn('external_ref', 'text', (c) => c.unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().references('categories.code'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('consumer_name', 'text', (c) => c.notNull())
    .addColumn('consumer_phone', 'text')
    .addColumn('consumer_is_minor', 'integer', (c) => c.notNull())
    .addColumn('claim_fen', 'bigint')
    .addColumn('pending_proposal', 'text')
    .addColumn('pending_info_request', 'text')
    .addColumn('sla_policy', 'text')
    .addColumn('ack_due_at', 'bigint')
    .addColumn('settle_due_at', 'bigint')
    .addColumn('paused_at', 'bigint')
    .addColumn('calendar_gap', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_due_at', 'bigint')
    .addColumn('next_due_stage', 'text')
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('settled_at', 'bigint')
    .addColumn('escalated_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('settlement_id', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // The inbox: a merchant's complaints, newest first (keyset pagination on received_at, id).
  await db.schema
    .createIndex('complaints_merchant_received')
    .on('complaints')
    .columns(['merchant_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_station_received')
    .on('complaints')
    .columns(['station_id', 'received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_received')
    .on('complaints')
    .columns(['received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('complaints_status_received')
    .on('complaints')
    .columns(['status', 'received_at'])
    .execute();
  await db.schema
    .createIndex('complaints_merchant_due')
    .on('complaints')
    .columns(['merchant_id', 'next_due_at', 'id'])
    .execute();
  // The SLA sweeper reads only the complaints whose next deadline is near.
  await db.schema
    .createIndex('complaints_next_due')
    .on('complaints')
    .columns(['next_due_at'])
    .where(sql.ref('next_due_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('complaint_tags')
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('tag', 'text', (c) => c.notNull().references('tags.code'))
    .addPrimaryKeyConstraint('complaint_tags_pk', ['complaint_id', 'tag'])
    .execute();
  await db.schema
    .createIndex('complaint_tags_tag')
    .on('complaint_tags')
    .columns(['tag', 'complaint_id'])
    .execute();

  await db.schema
    .createTable('settlements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.references('complaints.id'))
    .addColumn('station_id', 'text', (c) => c.references('stations.id'))
    .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
    .addColumn('merchant_name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('consumer_accepted', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('settlements_station')
    .on('settlements')
    .columns(['station_id', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('settlements_merchant')
    .on('settlements')
    .columns(['merchant_id', 'recorded_at'])
    .execute();
  await db.schema
    .createIndex('settlements_recorded')
    .on('settlements')
    .columns(['recorded_at', 'id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('seq', serial, withSerial)
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'text')
    .addColumn('merchant_id', 'text')
    .addColumn('station_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_complaint').on('events').columns(['complaint_id', 'seq']).execute();
  await db.schema.createIndex('events_merchant').on('events').columns(['merchant_id', 'seq']).execute();
  await db.schema.createIndex('events_station').on('events').columns(['station_id', 'seq']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['principal', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .columns(['created_at'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', serial, withSerial)
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('complaint_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('notifications_complaint')
    .on('notifications')
    .columns(['complaint_id'])
    .execute();

  await db.schema
    .createTable('calendars')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('days_off', 'text', (c) => c.notNull())
    .addColumn('workdays', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_notices')
    .addColumn('complaint_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_notices_pk', ['complaint_id', 'stage', 'kind', 'due_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sla_notices',
    'calendars',
    'notifications',
    'sequences',
    'audit_log',
    'idempotency_keys',
    'events',
    'settlements',
    'complaint_tags',
    'complaints',
    'tags',
    'categories',
    'api_clients',
    'sessions',
    'users',
    'stations',
    'merchants',
    'sla_policies',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
