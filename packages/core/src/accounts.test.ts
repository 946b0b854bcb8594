import { describe, expect, it } from 'vitest';
import { type AccountState, adminGroupLeft, assertKeepsAnAdmin } from './accounts';
import { Conflict } from './errors';

const merchantAdmin: AccountState = { role: 'merchant_admin', merchantId: 'mer_A', active: true };
const commissionAdmin: AccountState = { role: 'commission_admin', merchantId: null, active: true };

describe('the last admin of a group', () => {
  it('cannot be disabled, demoted or moved to another merchant', () => {
    for (const [before, after] of [
      [merchantAdmin, { ...merchantAdmin, active: false }],
      [merchantAdmin, { ...merchantAdmin, role: 'merchant_agent' }],
      [merchantAdmin, { ...merchantAdmin, merchantId: 'mer_B' }],
      [commissionAdmin, { ...commissionAdmin, active: false }],
      [commissionAdmin, { ...commissionAdmin, role: 'commission_staff' }],
    ] as [AccountState, AccountState][]) {
      expect(() => assertKeepsAnAdmin(before, after, 1)).toThrow(Conflict);
      // With another active admin in the group the change is fine.
      expect(() => assertKeepsAnAdmin(before, after, 2)).not.toThrow();
    }
  });

  it('does not hold back changes that keep the admin in its group, or that concern no admin', () => {
    expect(adminGroupLeft(merchantAdmin, { ...merchantAdmin })).toBeNull();
    expect(() => assertKeepsAnAdmin(merchantAdmin, merchantAdmin, 1)).not.toThrow();
    const agent: AccountState = { role: 'merchant_agent', merchantId: 'mer_A', active: true };
    expect(() => assertKeepsAnAdmin(agent, { ...agent, active: false }, 0)).not.toThrow();
    // A disabled admin is no admin: re-enabling or changing it never locks anyone out.
    const disabled = { ...merchantAdmin, active: false };
    expect(() => assertKeepsAnAdmin(disabled, { ...disabled, role: 'merchant_agent' }, 0)).not.toThrow();
  });

  it('names the group that would be left', () => {
    expect(adminGroupLeft(merchantAdmin, { ...merchantAdmin, merchantId: 'mer_B' })).toEqual({
      kind: 'merchant',
      merchantId: 'mer_A',
    });
    expect(adminGroupLeft(commissionAdmin, { ...commissionAdmin, active: false })).toEqual({
      kind: 'commission',
    });
  });
});
