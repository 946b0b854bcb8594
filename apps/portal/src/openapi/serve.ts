import { Hono } from 'hono';
import type { AppDeps } from '../context';
import type { AppEnv } from '../http/env';
import { DocsPage } from './docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from './document';

/**
 * `GET /api/v1/openapi.json` and `GET /api/docs`: public, built once per app from the route
 * table. Mount on the app before the authenticated API.
 */
export function openApiRoutes(deps: Pick<AppDeps, 'config'>) {
  let document: OpenApiDocument | undefined;
  const doc = () => (document ??= buildOpenApiDocument({ serverUrl: deps.config.publicUrl }));
  return new Hono<AppEnv>()
    .get('/api/v1/openapi.json', (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(doc());
    })
    .get('/api/docs', (c) => c.html(`<!doctype html>${DocsPage({ doc: doc() })}`));
}
