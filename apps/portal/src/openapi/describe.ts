import type { JsonSchema } from './convert';

/** The name of a component a `$ref` points at, or null. */
export function refName(schema: JsonSchema): string | null {
  const ref = schema.$ref;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : null;
}

/**
 * A short, readable type for a JSON Schema, for the reference page:
 * `string (date-time)`, `Complaint[]`, `"refund" | "repair"`, `integer | null`.
 */
export function typeLabel(schema: JsonSchema | undefined): string {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  const name = refName(schema);
  if (name) return name;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return union.map(typeLabel).join(' | ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return types
    .map((type) => {
      if (type === 'array') {
        const item = typeLabel(schema.items as JsonSchema | undefined);
        return item.includes(' ') ? `(${item})[]` : `${item}[]`;
      }
      if (type === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
      return type ?? 'any';
    })
    .join(' | ');
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

/** Constraints worth a reader's eye: limits, defaults, patterns of ids. */
function notes(schema: JsonSchema): string {
  const parts: string[] = [];
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) parts.push(`≥ ${schema.minLength} chars`);
  if (typeof schema.maxLength === 'number') parts.push(`≤ ${schema.maxLength} chars`);
  if (typeof schema.maxItems === 'number') parts.push(`≤ ${schema.maxItems} items`);
  if (typeof schema.example === 'string') parts.push(`e.g. ${schema.example}`);
  if (typeof schema.description === 'string') parts.push(schema.description);
  return parts.join('; ');
}

/** The top-level fields of an object schema (nested objects show as `object`). */
export function fieldRows(schema: JsonSchema): FieldRow[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, prop]) => ({
    name,
    type: typeLabel(prop),
    required: required.has(name),
    notes: notes(prop),
  }));
}

/** A parameter's extra words: default, limits. */
export const parameterNotes = notes;
