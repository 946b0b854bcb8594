import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, TYPES_FILE } from '../scripts/generate-types';

describe('src/types.gen.ts', () => {
  it('is what the OpenAPI document generates today (run `npm run generate -w @redress/sdk` if not)', () => {
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(generateTypes());
  });

  it('holds plain interfaces only: no zod in a consumer’s type graph', () => {
    const text = readFileSync(TYPES_FILE, 'utf8');
    expect(text).not.toMatch(/^\s*import\s|\bzod\b|z\.infer/m);
    expect(text).toMatch(/export interface Complaint \{/);
    expect(text).toMatch(/export interface ListComplaintsQuery \{/);
  });
});
