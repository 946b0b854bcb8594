import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildOpenApiDocument } from '../../../apps/portal/src/openapi/document';

/**
 * Writes `src/types.gen.ts`: one plain TypeScript type per schema of the portal's OpenAPI
 * document (components/schemas), and one per operation's query parameters. The SDK's public
 * types come from here, so they carry no zod and cannot drift from the API: `types.test.ts`
 * regenerates in memory and fails on any difference.
 *
 * Run: `npm run generate -w @redress/sdk`
 */

type Schema = { [key: string]: unknown };

export const TYPES_FILE = fileURLToPath(new URL('../src/types.gen.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const safeKey = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
const indent = (depth: number) => '  '.repeat(depth);

function doc(schema: Schema, depth: number): string {
  const lines: string[] = [];
  if (typeof schema.description === 'string') lines.push(schema.description);
  if (schema.default !== undefined) lines.push(`@default ${JSON.stringify(schema.default)}`);
  if (schema.example !== undefined) lines.push(`@example ${JSON.stringify(schema.example)}`);
  if (lines.length === 0) return '';
  const pad = indent(depth);
  return lines.length === 1
    ? `${pad}/** ${lines[0]} */\n`
    : `${pad}/**\n${lines.map((l) => `${pad} * ${l}`).join('\n')}\n${pad} */\n`;
}

function objectType(schema: Schema, depth: number): string {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const extra = schema.additionalProperties;
  const entries = Object.entries(props);
  if (entries.length === 0) {
    return extra && extra !== true
      ? `Record<string, ${tsType(extra as Schema, depth)}>`
      : 'Record<string, unknown>';
  }
  const lines = entries.map(
    ([name, prop]) =>
      `${doc(prop, depth + 1)}${indent(depth + 1)}${safeKey(name)}${required.has(name) ? '' : '?'}: ${tsType(prop, depth + 1)};`,
  );
  if (extra !== undefined && extra !== false) lines.push(`${indent(depth + 1)}[key: string]: unknown;`);
  return `{\n${lines.join('\n')}\n${indent(depth)}}`;
}

/** The TypeScript type of a JSON Schema (2020-12, as zod writes it). */
export function tsType(schema: Schema | undefined, depth = 0): string {
  if (!schema) return 'unknown';
  if (typeof schema.$ref === 'string') return schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return [...new Set(union.map((s) => tsType(s, depth)))].join(' | ');
  if (schema.type === undefined) return 'unknown';
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  return types
    .map((type) => {
      switch (type) {
        case 'string':
        case 'boolean':
        case 'null':
          return type;
        case 'integer':
        case 'number':
          return 'number';
        case 'array': {
          const item = tsType(schema.items as Schema | undefined, depth);
          return /[|\s]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
        }
        case 'object':
          return objectType(schema, depth);
        default:
          return 'unknown';
      }
    })
    .join(' | ');
}

function declaration(name: string, schema: Schema): string {
  const body = tsType(schema);
  return body.startsWith('{\n')
    ? `${doc(schema, 0)}export interface ${name} ${body}\n`
    : `${doc(schema, 0)}export type ${name} = ${body};\n`;
}

/** Query parameters of each operation that has some, as `<OperationId>Query`. */
function queryDeclarations(document: ReturnType<typeof buildOpenApiDocument>): string[] {
  const out: string[] = [];
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as Schema[]) {
      const params = ((op.parameters ?? []) as Schema[]).filter((p) => p.in === 'query');
      if (params.length === 0) continue;
      const schema: Schema = {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
        required: params.filter((p) => p.required).map((p) => p.name),
      };
      out.push(declaration(`${pascal(String(op.operationId))}Query`, schema));
    }
  }
  return out;
}

/** Formats TypeScript the way the repository's biome configuration does. */
function format(code: string): string {
  return execFileSync(`${ROOT}node_modules/.bin/biome`, ['format', `--stdin-file-path=${TYPES_FILE}`], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
}

/** The text of `src/types.gen.ts` for a document. */
export function generateTypes(
  document = buildOpenApiDocument({ serverUrl: 'http://localhost:8787' }),
): string {
  const header =
    '// Generated from the Redress OpenAPI document by scripts/generate-types.ts. Do not edit:\n' +
    '// run `npm run generate -w @redress/sdk`.\n\n';
  const schemas = Object.entries(document.components.schemas).map(([name, s]) => declaration(name, s));
  return format(header + [...schemas, ...queryDeclarations(document)].join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(TYPES_FILE, generateTypes());
  console.log(`wrote ${TYPES_FILE}`);
}
