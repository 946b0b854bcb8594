import { z } from 'zod';
import { type AppDeps, operation, operationRoutes } from '../context';

/** A category or tag with its labels (`GET /api/v1/categories`, `/tags`). */
export const TaxonomyEntrySchema = z
  .object({ code: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })
  .meta({ id: 'TaxonomyEntry' });
const taxonomyPage = z.object({ data: z.array(TaxonomyEntrySchema), nextCursor: z.null() });

async function list(deps: AppDeps, table: 'categories' | 'tags') {
  const rows = await deps.db.selectFrom(table).selectAll().orderBy('code').execute();
  return {
    data: rows.map((r) => ({ code: r.code, name: { zh: r.name_zh, en: r.name_en } })),
    nextCursor: null,
  };
}

/** `GET /api/v1/categories` and `/tags`: the taxonomy in force, with labels in both languages. */
export const taxonomyOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/categories',
      operationId: 'listCategories',
      summary: 'Complaint categories',
      tag: 'Taxonomy',
      access: 'read',
      success: { status: 200, schema: taxonomyPage, description: 'Every category, with labels.' },
    },
    (_c, deps) => list(deps, 'categories'),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/tags',
      operationId: 'listTags',
      summary: 'Complaint tags',
      tag: 'Taxonomy',
      access: 'read',
      success: { status: 200, schema: taxonomyPage, description: 'Every tag, with labels.' },
    },
    (_c, deps) => list(deps, 'tags'),
  ),
];

export function taxonomyRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1', taxonomyOperations);
}
