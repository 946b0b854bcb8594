import { z } from 'zod';

export type JsonSchema = { [key: string]: unknown };

const DEFS = '#/$defs/';
const COMPONENTS = '#/components/schemas/';

/** Rewrites `#/$defs/X` references to `#/components/schemas/X`, everywhere in a JSON value. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof v === 'string' && v.startsWith(DEFS)
        ? COMPONENTS + v.slice(DEFS.length)
        : rewriteRefs(v);
  }
  return out;
}

/**
 * Turns zod schemas into the JSON Schema (2020-12) of an OpenAPI 3.1 document. Schemas with a
 * `meta({ id })`, and those given a name, go to `components/schemas` once and are referenced
 * with `$ref`; `io` picks what a request sends (`input`: defaults make a field optional) or
 * what an answer holds (`output`).
 */
export class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  /** The schema for use in the document: a `$ref` when it has (or is given) a name. */
  use(schema: z.ZodType, io: 'input' | 'output', name?: string): JsonSchema {
    const converted = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'throw',
      // zod spells out RFC 3339 as a 500-character pattern beside `format: date-time`; the
      // format says the same (an offset is required) and keeps the document readable.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
      },
    }) as JsonSchema;
    const { $schema: _, $defs, ...rest } = converted;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.add(id, rewriteRefs(def) as JsonSchema);
    }
    const body = rewriteRefs(rest) as JsonSchema;
    // A schema whose own id zod hoisted answers `{ $ref: '#/$defs/<id>' }` already.
    if (name === undefined || typeof body.$ref === 'string') return body;
    this.add(name, body);
    return { $ref: COMPONENTS + name };
  }

  private add(name: string, schema: JsonSchema): void {
    const existing = this.components[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) {
      throw new Error(`two different schemas are named ${name} in the OpenAPI document`);
    }
    this.components[name] = schema;
  }
}
