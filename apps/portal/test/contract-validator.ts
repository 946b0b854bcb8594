import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '../src/openapi/document';

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  operation: { operationId: string; responses: Record<string, any> };
}

const pointer = (...parts: string[]) =>
  `#/${parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;

/**
 * Checks real answers against the OpenAPI document: the operation is found by method and
 * path, the status must be documented, and a JSON body must match the schema of that status
 * (ajv, JSON Schema 2020-12, formats checked). Records what it saw, for coverage.
 */
export function contractValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(doc, 'openapi');
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`);
    for (const [method, operation] of Object.entries(item)) {
      routes.push({
        method: method.toUpperCase(),
        template,
        pattern,
        operation: operation as Route['operation'],
      });
    }
  }
  // Literal paths before templated ones: `/calendars/deadline` is not `/calendars/{year}`.
  routes.sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')));
  const seen = new Set<string>();

  return {
    seen,
    /** Throws with ajv's errors when the answer is not what the document says. */
    check(method: string, url: string, status: number, contentType: string | null, body: unknown): string {
      const path = new URL(url, 'http://x').pathname;
      const route = routes.find((r) => r.method === method && r.pattern.test(path));
      if (!route) throw new Error(`no operation in the document for ${method} ${path}`);
      const id = route.operation.operationId;
      const response = route.operation.responses[String(status)];
      if (!response) throw new Error(`${id}: status ${status} is not documented (${JSON.stringify(body)})`);
      seen.add(`${id} ${status}`);
      const mediaTypes = Object.keys(response.content ?? {});
      if (mediaTypes.length === 0) {
        if (body !== null && body !== '') throw new Error(`${id} ${status}: documented without a body`);
        return id;
      }
      const type = (contentType ?? '').split(';')[0]!.trim();
      if (!mediaTypes.includes(type)) throw new Error(`${id} ${status}: ${type} is not one of ${mediaTypes}`);
      if (!type.endsWith('json')) return id;
      const ref = pointer(
        'paths',
        route.template,
        method.toLowerCase(),
        'responses',
        String(status),
        'content',
        type,
        'schema',
      );
      const validate = ajv.getSchema(`openapi${ref}`);
      if (!validate) throw new Error(`${id} ${status}: no schema at ${ref}`);
      if (!validate(body)) {
        throw new Error(
          `${id} ${status}: the body does not match the document\n${JSON.stringify(validate.errors, null, 2)}\n${JSON.stringify(body, null, 2).slice(0, 2000)}`,
        );
      }
      return id;
    },
  };
}
