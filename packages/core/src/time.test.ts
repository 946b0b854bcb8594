import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIso, toIsoPlain } from './time';

describe('toIso', () => {
  it('writes the same string as the plain Date formatting for any instant from 1970 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.parse('2200-01-01T00:00:00Z') }), (ms) => {
        expect(toIso(ms)).toBe(toIsoPlain(ms));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is right at the edges of a Shanghai day and of a year', () => {
    expect(toIso(Date.parse('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31T23:59:59.999+08:00');
    expect(toIso(Date.parse('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01T00:00:00.000+08:00');
    expect(toIso(Date.parse('2026-02-28T16:00:00.005Z'))).toBe('2026-03-01T00:00:00.005+08:00');
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
  });
});
