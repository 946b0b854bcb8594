import {
  type Actor,
  actorOf,
  Forbidden,
  type PrincipalKind,
  type Role,
  Unauthenticated,
} from '@redress/core';

/** Who is calling: a signed-in user, an API client, a consumer through the link, or the system. */
export interface Principal {
  readonly kind: PrincipalKind;
  readonly id: string | null;
  readonly role: Role | null;
  readonly actor: Actor;
  readonly merchantId: string | null;
  readonly stationId: string | null;
  readonly scopes: readonly string[];
}

export const SCOPES = ['read', 'write'] as const;

export function userPrincipal(user: {
  id: string;
  role: Role;
  merchant_id: string | null;
  station_id: string | null;
}): Principal {
  return {
    kind: 'user',
    id: user.id,
    role: user.role,
    actor: actorOf(user.role),
    merchantId: user.merchant_id,
    stationId: user.station_id,
    scopes: SCOPES,
  };
}

export const SYSTEM: Principal = Object.freeze({
  kind: 'system',
  id: null,
  role: null,
  actor: 'system',
  merchantId: null,
  stationId: null,
  scopes: SCOPES,
});

export function consumerPrincipal(complaintId: string): Principal {
  return {
    kind: 'consumer',
    id: complaintId,
    role: null,
    actor: 'consumer',
    merchantId: null,
    stationId: null,
    scopes: SCOPES,
  };
}

export const isStaff = (p: Principal) => p.actor === 'staff';
export const isAdmin = (p: Principal) => p.role === 'commission_admin';
export const isMerchant = (p: Principal) => p.actor === 'merchant';
export const isStation = (p: Principal) => p.actor === 'station';

/** Refuses (403) a caller whose role is not one of `roles`. */
export function requireRole(p: Principal, roles: readonly Role[], what: string): void {
  if (p.role === null || !roles.includes(p.role)) throw new Forbidden(`your role may not ${what}`);
}

export const STAFF_ROLES: readonly Role[] = ['commission_staff', 'commission_admin'];
export const MERCHANT_ROLES: readonly Role[] = ['merchant_agent', 'merchant_admin'];

/** The principal of an authenticated route (after `requireAuth`). */
export function principalOf(c: { get(key: 'principal'): Principal | undefined }): Principal {
  const p = c.get('principal');
  if (!p) throw new Unauthenticated('sign in or send an access token');
  return p;
}
