import { describe, expect, it } from 'vitest';
import { audienceReaches, noteSideOf } from './teams';

describe('event audience', () => {
  it('a note reaches its author side only', () => {
    expect(noteSideOf('merchant')).toBe('merchant');
    expect(noteSideOf('staff')).toBe('staff');
    expect(noteSideOf('station')).toBeNull();
    expect(noteSideOf('consumer')).toBeNull();
    for (const reader of ['merchant', 'staff', 'station', 'consumer', 'system'] as const) {
      expect(audienceReaches(null, reader)).toBe(true);
      expect(audienceReaches('merchant', reader)).toBe(reader === 'merchant');
      expect(audienceReaches('staff', reader)).toBe(reader === 'staff');
    }
  });
});
