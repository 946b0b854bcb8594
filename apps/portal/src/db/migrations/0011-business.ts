import type { Kysely } from 'kysely';

/**
 * Complaints about any business (issue 13): a complaint names a networked merchant
 * (`merchant_id`) or a business that is not one (`business_name`, `business_credit_code`, and
 * the name's normal form `business_name_key` for matching and duplicates); a merged duplicate
 * points to the complaint it was merged into (`duplicate_of`). Merchants keep their name's
 * normal form (`name_key`) and the other names the public knows them by (`merchant_aliases`).
 * Typed `Kysely<any>` and importing nothing from the app.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('complaints').addColumn('business_name', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('business_credit_code', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('business_name_key', 'text').execute();
  await db.schema.alterTable('complaints').addColumn('duplicate_of', 'text').execute();
  // A business's complaints when it joins as a merchant; a consumer's recent ones for duplicates.
  await db.schema
    .createIndex('complaints_business_code')
    .on('complaints')
    .columns(['business_credit_code'])
    .execute();
  await db.schema
    .createIndex('complaints_phone_received')
    .on('complaints')
    .columns(['consumer_phone', 'received_at'])
    .execute();

  await db.schema
    .alterTable('merchants')
    .addColumn('name_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The normal form as core's `businessNameKey` had it when this ran (a migration never changes).
  const key = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const merchants: { id: string; name: string }[] = await db
    .selectFrom('merchants')
    .select(['id', 'name'])
    .execute();
  for (const m of merchants) {
    await db
      .updateTable('merchants')
      .set({ name_key: key(m.name) })
      .where('id', '=', m.id)
      .execute();
  }
  await db.schema.createIndex('merchants_name_key').on('merchants').columns(['name_key']).execute();

  await db.schema
    .createTable('merchant_aliases')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('alias', 'text', (c) => c.notNull())
    // One alias names one merchant: the normal form is unique across all of them.
    .addColumn('alias_key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('merchant_aliases_merchant')
    .on('merchant_aliases')
    .columns(['merchant_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('merchant_aliases').execute();
  await db.schema.dropIndex('merchants_name_key').execute();
  await db.schema.alterTable('merchants').dropColumn('name_key').execute();
  await db.schema.dropIndex('complaints_phone_received').execute();
  await db.schema.dropIndex('complaints_business_code').execute();
  for (const c of ['duplicate_of', 'business_name_key', 'business_credit_code', 'business_name'])
    await db.schema.alterTable('complaints').dropColumn(c).execute();
}
