import { gzipSync } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { accepts } from 'hono/accepts';
import type { AppDeps } from '../context';
import type { AppEnv } from '../http/env';
import { DocsPage } from './docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from './document';

/** A response body made once, with its gzip form for the clients that take it. */
interface Prepared {
  text: string;
  gzip: Uint8Array<ArrayBuffer>;
  type: string;
}

const prepare = (text: string, type: string): Prepared => ({
  text,
  gzip: new Uint8Array(gzipSync(text)),
  type,
});

function send(c: Context<AppEnv>, body: Prepared): Response {
  const headers: Record<string, string> = {
    'Content-Type': body.type,
    'Cache-Control': 'public, max-age=300',
    Vary: 'Accept-Encoding',
  };
  // Weighed as RFC 9110 says: `gzip;q=0` refuses it, `br, gzip;q=0.5` still takes it.
  if (accepts(c, { header: 'Accept-Encoding', supports: ['gzip'], default: 'identity' }) === 'gzip') {
    return c.body(body.gzip, 200, { ...headers, 'Content-Encoding': 'gzip' });
  }
  return c.body(body.text, 200, headers);
}

/**
 * `GET /api/v1/openapi.json` and `GET /api/docs`: public, built once per app from the route
 * table, and gzipped once (the page is about 130 KB of HTML, 10 KB gzipped). Mount on the app
 * before the authenticated API.
 */
export function openApiRoutes(deps: Pick<AppDeps, 'config'>) {
  let document: OpenApiDocument | undefined;
  let json: Prepared | undefined;
  let page: Prepared | undefined;
  const doc = () => {
    document ??= buildOpenApiDocument({ serverUrl: deps.config.publicUrl });
    return document;
  };
  const jsonBody = () => {
    json ??= prepare(JSON.stringify(doc()), 'application/json');
    return json;
  };
  const pageBody = () => {
    page ??= prepare(`<!doctype html>${DocsPage({ doc: doc() })}`, 'text/html; charset=UTF-8');
    return page;
  };
  return new Hono<AppEnv>()
    .get('/api/v1/openapi.json', (c) => send(c, jsonBody()))
    .get('/api/docs', (c) => send(c, pageBody()));
}
