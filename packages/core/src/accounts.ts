import { Conflict } from './errors';
import type { Role } from './taxonomy';

/**
 * Who must always keep an admin: the commission (its commission admins) and every merchant (its
 * merchant admins). An account belongs to the group it administers, or to none.
 */
export type AdminGroup = { kind: 'commission' } | { kind: 'merchant'; merchantId: string };

/** An account as the rule sees it: its role, its merchant, and whether it may sign in. */
export interface AccountState {
  role: Role;
  merchantId: string | null;
  active: boolean;
}

/** The group an active account is an admin of, if any. */
export function adminGroupOf(account: AccountState): AdminGroup | null {
  if (!account.active) return null;
  if (account.role === 'commission_admin') return { kind: 'commission' };
  if (account.role === 'merchant_admin' && account.merchantId)
    return { kind: 'merchant', merchantId: account.merchantId };
  return null;
}

const sameGroup = (a: AdminGroup | null, b: AdminGroup | null) =>
  a !== null &&
  b !== null &&
  a.kind === b.kind &&
  (a.kind === 'commission' || (b.kind === 'merchant' && a.merchantId === b.merchantId));

/**
 * The group that a change (disabling, another role, another merchant) would take this account's
 * admin rights out of, or null when it stays an admin of the same group or never was one.
 */
export function adminGroupLeft(before: AccountState, after: AccountState): AdminGroup | null {
  const was = adminGroupOf(before);
  return was && !sameGroup(was, adminGroupOf(after)) ? was : null;
}

/**
 * Nobody can disable or demote the last active commission admin, nor the last active merchant
 * admin of a merchant: the commission, or that merchant, would be locked out of its own users.
 * `activeAdmins` counts the active admins of the group the account leaves, the account included.
 * @example assertKeepsAnAdmin(admin, { ...admin, active: false }, 1) // throws Conflict
 */
export function assertKeepsAnAdmin(before: AccountState, after: AccountState, activeAdmins: number): void {
  const left = adminGroupLeft(before, after);
  if (left === null || activeAdmins > 1) return;
  throw new Conflict(
    left.kind === 'commission'
      ? 'this is the last active commission admin: make another one first'
      : 'this is the last active merchant admin of its merchant: make another one first',
  );
}
