import type { Label } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

export interface TaxonomyEntry {
  code: string;
  name: Label;
}

/**
 * The categories or tags in force (data: commission admins may add more than the seed), by code.
 * @example (await listTaxonomy(db, 'tags')).map((t) => t.code) // ['after_sales', 'bnpl', …]
 */
export async function listTaxonomy(
  db: Kysely<Database>,
  table: 'categories' | 'tags',
): Promise<TaxonomyEntry[]> {
  const rows = await db.selectFrom(table).selectAll().orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, name: { zh: r.name_zh, en: r.name_en } }));
}

/** The labels of both tables by code, for pages that show codes. */
export async function taxonomyLabels(
  db: Kysely<Database>,
): Promise<{ categories: Record<string, Label>; tags: Record<string, Label> }> {
  const byCode = (entries: TaxonomyEntry[]) => Object.fromEntries(entries.map((e) => [e.code, e.name]));
  return {
    categories: byCode(await listTaxonomy(db, 'categories')),
    tags: byCode(await listTaxonomy(db, 'tags')),
  };
}
