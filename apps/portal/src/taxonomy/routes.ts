import { Hono } from 'hono';
import type { AppDeps } from '../context';
import type { AppEnv } from '../http/env';

/** `GET /api/v1/categories` and `/tags`: the taxonomy in force, with labels in both languages. */
export function taxonomyRoutes(deps: AppDeps) {
  const list = (table: 'categories' | 'tags') => async () => {
    const rows = await deps.db.selectFrom(table).selectAll().orderBy('code').execute();
    return rows.map((r) => ({ code: r.code, name: { zh: r.name_zh, en: r.name_en } }));
  };
  return new Hono<AppEnv>()
    .get('/categories', async (c) => c.json({ data: await list('categories')(), nextCursor: null }))
    .get('/tags', async (c) => c.json({ data: await list('tags')(), nextCursor: null }));
}
