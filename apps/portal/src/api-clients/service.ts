import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type ApiClient,
  type CreateApiClientInput,
  Forbidden,
  Invalid,
  NotFound,
  newId,
  type Role,
  toIso,
  Unauthenticated,
} from '@redress/core';
import type { ServiceContext } from '../context';
import type { Principal } from '../http/principal';
import type { ApiClientRow } from './table';

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function toApiClient(row: ApiClientRow, secret?: string): ApiClient {
  return {
    id: row.id,
    name: row.name,
    actsAs: row.acts_as,
    merchantId: row.merchant_id,
    stationId: row.station_id,
    createdAt: toIso(row.created_at),
    ...(secret ? { secret } : {}),
  };
}

/** The role an API client acts with: a merchant's client may do what its merchant admin may. */
export function clientRole(actsAs: string): Role {
  return actsAs === 'merchant'
    ? 'merchant_admin'
    : actsAs === 'station'
      ? 'station_operator'
      : 'commission_staff';
}

function target(p: Principal, input: CreateApiClientInput) {
  const actsAs =
    input.actsAs ??
    (p.role === 'merchant_admin'
      ? 'merchant'
      : input.stationId
        ? 'station'
        : input.merchantId
          ? 'merchant'
          : 'commission');
  if (p.role === 'merchant_admin') {
    if (actsAs !== 'merchant' || (input.merchantId && input.merchantId !== p.merchantId)) {
      throw new Forbidden('a merchant admin makes clients for its own merchant only');
    }
    return { actsAs, merchantId: p.merchantId, stationId: null };
  }
  if (p.role !== 'commission_admin' && p.kind !== 'system')
    throw new Forbidden('your role may not manage API clients');
  if (actsAs === 'merchant' && !input.merchantId)
    throw new Invalid('name the merchant', [{ path: 'merchantId', code: 'required', message: 'required' }]);
  if (actsAs === 'station' && !input.stationId)
    throw new Invalid('name the station', [{ path: 'stationId', code: 'required', message: 'required' }]);
  return {
    actsAs,
    merchantId: actsAs === 'merchant' ? (input.merchantId ?? null) : null,
    stationId: actsAs === 'station' ? (input.stationId ?? null) : null,
  };
}

/** Creates a client; the answer carries the secret, which is never shown again. */
export async function createApiClient(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'principal'>,
  input: CreateApiClientInput,
): Promise<ApiClient> {
  const t = target(ctx.principal, input);
  if (
    t.merchantId &&
    !(await ctx.db.selectFrom('merchants').select('id').where('id', '=', t.merchantId).executeTakeFirst())
  ) {
    throw new Invalid('unknown merchant', [
      { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
    ]);
  }
  if (
    t.stationId &&
    !(await ctx.db.selectFrom('stations').select('id').where('id', '=', t.stationId).executeTakeFirst())
  ) {
    throw new Invalid('unknown station', [
      { path: 'stationId', code: 'not_found', message: 'no such station' },
    ]);
  }
  const now = ctx.clock.now();
  const secret = `rsk_${randomBytes(32).toString('base64url')}`;
  const row: ApiClientRow = {
    id: newId('apiClient', now),
    name: input.name,
    secret_hash: hashSecret(secret),
    acts_as: t.actsAs,
    merchant_id: t.merchantId,
    station_id: t.stationId,
    created_by: ctx.principal.id,
    created_at: now,
    revoked_at: null,
  };
  await ctx.db.insertInto('api_clients').values(row).execute();
  return toApiClient(row, secret);
}

function manageable(p: Principal) {
  if (p.role === 'merchant_admin') return { merchantId: p.merchantId ?? '' };
  if (p.role === 'commission_admin') return {};
  throw new Forbidden('your role may not manage API clients');
}

export async function listApiClients(ctx: ServiceContext): Promise<ApiClient[]> {
  const scope = manageable(ctx.principal);
  let query = ctx.db
    .selectFrom('api_clients')
    .selectAll()
    .where('revoked_at', 'is', null)
    .orderBy('created_at');
  if (scope.merchantId !== undefined) query = query.where('merchant_id', '=', scope.merchantId);
  return (await query.execute()).map((r) => toApiClient(r));
}

/**
 * Revokes a client: no new tokens, and the tokens already issued are refused from the next
 * request on (at once on this process, within `CLIENT_CHECK_TTL_MS` on every other).
 */
export async function revokeApiClient(ctx: ServiceContext, id: string): Promise<void> {
  const scope = manageable(ctx.principal);
  let query = ctx.db
    .selectFrom('api_clients')
    .select('id')
    .where('id', '=', id)
    .where('revoked_at', 'is', null);
  if (scope.merchantId !== undefined) query = query.where('merchant_id', '=', scope.merchantId);
  if (!(await query.executeTakeFirst())) throw new NotFound('API client');
  await ctx.db.updateTable('api_clients').set({ revoked_at: ctx.clock.now() }).where('id', '=', id).execute();
  ctx.access.clientRevoked(id);
}

/** Checks client credentials; one answer for an unknown client and a wrong secret. */
export async function authenticateClient(
  ctx: Pick<ServiceContext, 'db'>,
  clientId: string,
  secret: string,
): Promise<ApiClientRow> {
  const row = await ctx.db
    .selectFrom('api_clients')
    .selectAll()
    .where('id', '=', clientId)
    .executeTakeFirst();
  const expected = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (!row || row.revoked_at !== null || !timingSafeEqual(expected, actual))
    throw new Unauthenticated('invalid client credentials');
  return row;
}
