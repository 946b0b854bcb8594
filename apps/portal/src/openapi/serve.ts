import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { z } from 'zod';
import { type AppDeps, operation, operationRoutes } from '../context';
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

/** The document itself, described loosely: it is OpenAPI 3.1. */
const OpenApiDocumentSchema = z.object({ openapi: z.string() }).catchall(z.unknown());

/** The document and the reference page of one app, built once and gzipped once. */
interface Served {
  document?: OpenApiDocument;
  json?: Prepared;
  page?: Prepared;
}
const served = new WeakMap<Pick<AppDeps, 'config'>, Served>();

function servedOf(deps: Pick<AppDeps, 'config'>) {
  const state = served.get(deps) ?? {};
  served.set(deps, state);
  const doc = () => {
    state.document ??= buildOpenApiDocument({ serverUrl: deps.config.publicUrl });
    return state.document;
  };
  return {
    json: () => {
      state.json ??= prepare(JSON.stringify(doc()), 'application/json');
      return state.json;
    },
    page: () => {
      state.page ??= prepare(`<!doctype html>${DocsPage({ doc: doc() })}`, 'text/html; charset=UTF-8');
      return state.page;
    },
  };
}

export const referenceOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      tag: 'Reference',
      access: 'public',
      success: { status: 200, schema: OpenApiDocumentSchema, description: 'The OpenAPI 3.1 document.' },
    },
    (c, deps) => send(c, servedOf(deps).json()),
  ),
];

/**
 * `GET /api/v1/openapi.json` and `GET /api/docs`: public, built once per app from the
 * operations' declarations, and gzipped once (the page is about 130 KB of HTML, 10 KB
 * gzipped). Mount on the app before the authenticated API.
 */
export function openApiRoutes(deps: AppDeps) {
  return operationRoutes(deps, '', referenceOperations).get('/api/docs', (c) =>
    send(c, servedOf(deps).page()),
  );
}
