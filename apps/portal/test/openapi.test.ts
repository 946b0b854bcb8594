import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  AssignInput,
  CreateComplaintInput,
  CreateWebhookEndpointInput,
  ListComplaintsQuery,
  SettleInput,
} from '@redress/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type App, createApp } from '../src/app';
import { testConfig } from '../src/config';
import { operation } from '../src/context';
import { openRuntime, type Runtime } from '../src/deps';
import { silentLogger } from '../src/logger';
import { buildOpenApiDocument, type OpenApiDocument } from '../src/openapi/document';
import { apiOperations } from '../src/openapi/operations';

const run = promisify(execFile);
const REDOCLY = fileURLToPath(new URL('../../../node_modules/.bin/redocly', import.meta.url));

let runtime: Runtime;
let app: App;
let doc: OpenApiDocument;

beforeAll(async () => {
  runtime = await openRuntime(testConfig(), { log: silentLogger });
  app = createApp(runtime);
  const res = await app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
});
afterAll(() => runtime.close());

/** `METHOD /path/{param}` for every API route the app registers (not middleware, not pages). */
function registeredRoutes(): Set<string> {
  const routes = new Set<string>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const isApi =
      r.path.startsWith('/api/v1/') || r.path.startsWith('/oauth/') || r.path.startsWith('/.well-known/');
    if (isApi) routes.add(`${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes;
}

function documentedRoutes(): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}

describe('GET /api/v1/openapi.json', () => {
  it('is public and OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const res = await app.request('/api/v1/openapi.json');
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('documents every API route the app registers, and no route it does not', () => {
    const registered = registeredRoutes();
    const documented = documentedRoutes();
    expect(
      [...registered].filter((r) => !documented.has(r)),
      'registered but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((r) => !registered.has(r)),
      'documented but not registered',
    ).toEqual([]);
    expect(registered.size).toBeGreaterThan(40);
  });

  it('takes its request schemas from the objects the routes validate with', () => {
    const byId = new Map(apiOperations().map((op) => [op.operationId, op]));
    expect(byId.get('createComplaint')?.body?.schema).toBe(CreateComplaintInput);
    expect(byId.get('assignComplaint')?.body?.schema).toBe(AssignInput);
    expect(byId.get('recordSettlement')?.body?.schema).toBe(SettleInput);
    expect(byId.get('listComplaints')?.query).toBe(ListComplaintsQuery);
    expect(byId.get('createWebhookEndpoint')?.body?.schema).toBe(CreateWebhookEndpointInput);
  });

  it('types each handler from its declaration (checked by tsc)', () => {
    const probe = {
      method: 'post',
      path: '/api/v1/probe/{n}',
      operationId: 'probe',
      summary: 'A probe',
      tag: 'Reference',
      access: 'write',
      params: { n: z.coerce.number() },
      body: { name: 'ProbeInput', schema: z.object({ word: z.string() }) },
      success: { status: 200, schema: z.object({ length: z.number() }), description: 'The length.' },
    } as const;
    const declared = operation(probe, (c) => {
      const n: number = c.req.valid('param').n;
      // @ts-expect-error the body has no such field
      void c.req.valid('json').other;
      return { length: c.req.valid('json').word.length + n };
    });
    // @ts-expect-error the answer must be the success schema's shape
    operation(probe, () => ({ length: 'four' }));
    expect(declared.spec.operationId).toBe('probe');
  });

  it('puts named schemas in components and refers to them', () => {
    const schemas = doc.components.schemas;
    for (const name of [
      'Complaint',
      'Event',
      'Settlement',
      'Problem',
      'WebhookEndpoint',
      'CreateComplaintInput',
    ]) {
      expect(schemas[name], name).toBeDefined();
    }
    const get = doc.paths['/api/v1/complaints/{id}']?.get as any;
    expect(get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Complaint',
    });
    expect(get.responses['404'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    // A request reads defaults as optional: intake may leave `kind` out.
    expect(schemas.CreateComplaintInput?.required).not.toContain('kind');
  });

  it('declares OAuth 2 client credentials, bearer and the session cookie', () => {
    const schemes = doc.components.securitySchemes as Record<string, any>;
    expect(schemes.oauth2.flows.clientCredentials.tokenUrl).toBe('/oauth/token');
    expect(schemes.bearerAuth.scheme).toBe('bearer');
    expect(schemes.sessionCookie.in).toBe('cookie');
    // The token endpoint: the client's credentials in the body, or as HTTP Basic; neither is
    // required of the body then.
    expect((doc.paths['/oauth/token'] as any).post.security).toEqual([{}, { clientBasic: [] }]);
    expect(schemes.clientBasic).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.components.schemas.TokenRequest?.required).toEqual(['grant_type']);
    expect((doc.paths['/api/v1/complaints'] as any).post.security[0]).toEqual({ oauth2: ['write'] });
  });
});

describe('the OpenAPI linter (Redocly, recommended rules)', () => {
  it('finds no errors; its only warnings are explained', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-openapi-'));
    try {
      // A public address: `localhost` itself draws the no-server-example.com warning.
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(buildOpenApiDocument({ serverUrl: 'https://redress.gov.cn' })));
      writeFileSync(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
      const result = await run(REDOCLY, ['lint', file, '--format=json'], { cwd: dir }).catch(
        (err: { stdout: string; stderr: string }) => err,
      );
      const report = JSON.parse(result.stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
      };
      const errors = report.problems.filter((p) => p.severity === 'error');
      expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
      // The JWKS and this document answer nothing but 200: no 4xx to declare.
      const explained = new Set([
        '#/paths/~1.well-known~1jwks.json/get',
        '#/paths/~1api~1v1~1openapi.json/get',
      ]);
      const warnings = report.problems.filter((p) => p.severity === 'warn' || p.severity === 'warning');
      for (const w of warnings) {
        expect(w.ruleId, w.message).toBe('operation-4xx-response');
        expect(
          explained.has(w.location[0]?.pointer.replace(/\/responses$/, '') ?? ''),
          w.location[0]?.pointer,
        ).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('GET /api/docs', () => {
  it('lists every operation by tag, with parameters and schemas, loading nothing from elsewhere', async () => {
    const res = await app.request('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const op of apiOperations()) {
      expect(html, op.operationId).toContain(`id="${op.operationId}"`);
      expect(html).toContain(op.path.replace(/&/g, '&amp;'));
    }
    expect(html).toContain('id="tag-Complaints"');
    expect(html).toContain('id="schema-Complaint"');
    expect(html).toContain('<code>merchantId</code>');
    expect(html).not.toMatch(/<script|src=["']https?:|href=["']https?:/i);
    // The one thing it loads: the portal's own icon.
    expect(html.match(/<link[^>]*>/g)).toEqual([
      expect.stringMatching(
        /^<link rel="icon" href="\/assets\/favicon\.svg\?v=[0-9a-f]{10}" type="image\/svg\+xml"\/?>$/,
      ),
    ]);
    // Every table header names its column (axe: empty-table-header).
    expect(html).not.toMatch(/<th\s*\/>|<th><\/th>/);
  });

  it('is sent gzipped to the clients that take it, and plain to the others', async () => {
    const plain = await app.request('/api/docs');
    const zipped = await app.request('/api/docs', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toBe('Accept-Encoding');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    for (const [accept, encoding] of [
      ['br;q=1, gzip;q=0.5', 'gzip'],
      ['gzip;q=0, br', null],
      ['identity', null],
    ] as const) {
      const res = await app.request('/api/docs', { headers: { 'Accept-Encoding': accept } });
      expect(res.headers.get('Content-Encoding'), accept).toBe(encoding);
    }
    const body = new Uint8Array(await zipped.arrayBuffer());
    const html = await plain.text();
    expect(gunzipSync(body).toString('utf8')).toBe(html);
    expect(body.length).toBeLessThan(html.length / 5);
    const json = await app.request('/api/v1/openapi.json', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(json.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(JSON.parse(gunzipSync(new Uint8Array(await json.arrayBuffer())).toString('utf8')).openapi).toBe(
      '3.1.0',
    );
  });
});

describe('GET /favicon.ico', () => {
  it('is an ICO of PNG images, 16 to 48 pixels', async () => {
    const res = await app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/x-icon');
    const ico = Buffer.from(await res.arrayBuffer());
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + 16 * i;
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(ico.readUInt8(entry)); // the PNG's width is the entry's
      sizes.push(ico.readUInt8(entry));
    }
    expect(sizes).toEqual([16, 32, 48]);
    const svg = await app.request('/assets/favicon.svg');
    expect(svg.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg[^>]*viewBox="0 0 32 32"/);
  });
});
