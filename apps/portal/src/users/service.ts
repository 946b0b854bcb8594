import {
  Conflict,
  type CreateUserInput,
  Forbidden,
  Invalid,
  NotFound,
  newId,
  toIso,
  type User,
} from '@redress/core';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { MERCHANT_ROLES, type Principal } from '../http/principal';
import type { UserRow } from './table';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    merchantId: row.merchant_id,
    stationId: row.station_id,
    createdAt: toIso(row.created_at),
    disabledAt: row.disabled_at === null ? null : toIso(row.disabled_at),
  };
}

/** Which merchant and station a user belongs to, given who invites them (or changes their role). */
export function placement(
  p: Principal,
  input: Pick<CreateUserInput, 'role' | 'merchantId' | 'stationId'>,
): { merchantId: string | null; stationId: string | null } {
  const isMerchantRole = MERCHANT_ROLES.includes(input.role);
  if (p.role === 'merchant_admin') {
    if (!isMerchantRole) throw new Forbidden('a merchant admin invites only merchant agents and admins');
    if (input.merchantId && input.merchantId !== p.merchantId)
      throw new Forbidden('a merchant admin invites users to its own merchant only');
    return { merchantId: p.merchantId, stationId: null };
  }
  if (p.role !== 'commission_admin' && p.kind !== 'system')
    throw new Forbidden('your role may not create users');
  if (isMerchantRole && !input.merchantId)
    throw new Invalid('a merchant user needs its merchant', [
      { path: 'merchantId', code: 'required', message: 'required for this role' },
    ]);
  if (input.role === 'station_operator' && !input.stationId) {
    throw new Invalid('a station operator needs its station', [
      { path: 'stationId', code: 'required', message: 'required for this role' },
    ]);
  }
  return {
    merchantId: isMerchantRole ? (input.merchantId ?? null) : null,
    stationId: input.role === 'station_operator' ? (input.stationId ?? null) : null,
  };
}

/** Refuses (422, beside the field) a merchant or a station that does not exist; null is not checked. */
export async function assertPlaceExists(
  db: Kysely<Database>,
  place: { merchantId: string | null; stationId: string | null },
): Promise<void> {
  if (place.merchantId) {
    const m = await db
      .selectFrom('merchants')
      .select('id')
      .where('id', '=', place.merchantId)
      .executeTakeFirst();
    if (!m)
      throw new Invalid('unknown merchant', [
        { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
      ]);
  }
  if (place.stationId) {
    const s = await db
      .selectFrom('stations')
      .select('id')
      .where('id', '=', place.stationId)
      .executeTakeFirst();
    if (!s)
      throw new Invalid('unknown station', [
        { path: 'stationId', code: 'not_found', message: 'no such station' },
      ]);
  }
}

/** Invites a user with a role: a merchant admin into its own merchant, a commission admin anywhere. */
export async function createUser(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'principal'>,
  input: CreateUserInput,
): Promise<User> {
  const { merchantId, stationId } = placement(ctx.principal, input);
  const email = input.email.trim().toLowerCase();
  await assertPlaceExists(ctx.db, { merchantId, stationId });
  const dup = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (dup) throw new Conflict('a user with this email exists');
  const now = ctx.clock.now();
  const row: UserRow = {
    id: newId('user', now),
    email,
    name: input.name ?? email.split('@')[0]!,
    password_hash: await hashPassword(input.password),
    role: input.role,
    merchant_id: merchantId,
    station_id: stationId,
    created_at: now,
    disabled_at: null,
    credentials_version: 0,
  };
  await ctx.db.insertInto('users').values(row).execute();
  return toUser(row);
}

/** The users an admin manages, disabled ones too (they can be enabled again). */
export async function listUsers(ctx: ServiceContext): Promise<User[]> {
  const p = ctx.principal;
  let query = ctx.db.selectFrom('users').selectAll().orderBy('email');
  if (p.role === 'merchant_admin') query = query.where('merchant_id', '=', p.merchantId ?? '');
  else if (p.role !== 'commission_admin') throw new Forbidden('your role may not list users');
  return (await query.execute()).map(toUser);
}

/** The id of the user with this email (any case), for the CLI. */
export async function userIdByEmail(ctx: Pick<ServiceContext, 'db'>, email: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) throw new NotFound('user');
  return row.id;
}
