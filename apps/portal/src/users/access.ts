import {
  type AccountState,
  type AdminGroup,
  adminGroupLeft,
  assertKeepsAnAdmin,
  Forbidden,
  NotFound,
  type ResetPasswordInput,
  type SetUserRoleInput,
  type User,
} from '@redress/core';
import { type Kysely, sql } from 'kysely';
import { hashPassword } from '../auth';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import type { Principal } from '../http/principal';
import { assertPlaceExists, placement, toUser } from './service';
import type { UserRow } from './table';

type Ctx = Pick<ServiceContext, 'db' | 'dialect' | 'transact' | 'clock' | 'principal'>;

/**
 * Changes to who may sign in are made one at a time on PostgreSQL (a transaction-scoped advisory
 * lock): two admins disabling each other at once must not leave a merchant without an admin.
 * They are rare, so one lock for all of them costs nothing. SQLite's writes are serial already.
 */
const USER_ACCESS_LOCK = 0x72656472;

/** Merchant admins manage their own merchant's users; commission admins everyone. */
function managed(p: Principal): { merchantId?: string } {
  if (p.role === 'merchant_admin') return { merchantId: p.merchantId ?? '' };
  if (p.role === 'commission_admin') return {};
  throw new Forbidden('your role may not manage users');
}

async function findManaged(db: Kysely<Database>, p: Principal, id: string): Promise<UserRow> {
  const scope = managed(p);
  let query = db.selectFrom('users').selectAll().where('id', '=', id);
  if (scope.merchantId !== undefined) query = query.where('merchant_id', '=', scope.merchantId);
  const row = await query.executeTakeFirst();
  // Another merchant's user is not found, like every other merchant's record.
  if (!row) throw new NotFound('user');
  return row;
}

const stateOf = (row: Pick<UserRow, 'role' | 'merchant_id' | 'disabled_at'>): AccountState => ({
  role: row.role,
  merchantId: row.merchant_id,
  active: row.disabled_at === null,
});

async function activeAdmins(db: Kysely<Database>, group: AdminGroup): Promise<number> {
  let query = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disabled_at', 'is', null);
  query =
    group.kind === 'commission'
      ? query.where('role', '=', 'commission_admin')
      : query.where('role', '=', 'merchant_admin').where('merchant_id', '=', group.merchantId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

type Patch = Partial<Pick<UserRow, 'disabled_at' | 'role' | 'merchant_id' | 'station_id' | 'password_hash'>>;

/**
 * One change to a user's access, in one transaction: find the user (404 when not the caller's),
 * work out the change (`null`: nothing to do), keep every group an admin (409), write it, and —
 * when it `endsSessions` — raise the user's credentials version, which ends every session of
 * theirs on every process from the next request on (auth/middleware.ts).
 */
async function changeUser(
  ctx: Ctx,
  id: string,
  endsSessions: boolean,
  change: (row: UserRow, trx: Kysely<Database>) => Promise<Patch | null> | Patch | null,
): Promise<User> {
  return ctx.transact(async (trx) => {
    if (ctx.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${USER_ACCESS_LOCK})`.execute(trx);
    const row = await findManaged(trx, ctx.principal, id);
    const patch = await change(row, trx);
    if (patch === null) return toUser(row);
    const after: UserRow = { ...row, ...patch };
    const left = adminGroupLeft(stateOf(row), stateOf(after));
    if (left) assertKeepsAnAdmin(stateOf(row), stateOf(after), await activeAdmins(trx, left));
    await trx
      .updateTable('users')
      .set((eb) => ({
        ...patch,
        ...(endsSessions ? { credentials_version: eb('credentials_version', '+', 1) } : {}),
      }))
      .where('id', '=', id)
      .execute();
    return toUser(after);
  });
}

/** One user the caller manages. */
export async function getUser(ctx: Pick<ServiceContext, 'db' | 'principal'>, id: string): Promise<User> {
  return toUser(await findManaged(ctx.db, ctx.principal, id));
}

/** Disables a user: they cannot sign in, and their sessions end at once. Disabling twice is fine. */
export function disableUser(ctx: Ctx, id: string): Promise<User> {
  return changeUser(ctx, id, true, (row) =>
    row.disabled_at === null ? { disabled_at: ctx.clock.now() } : null,
  );
}

/** Lets a disabled user sign in again (their old sessions stay ended). */
export function enableUser(ctx: Ctx, id: string): Promise<User> {
  return changeUser(ctx, id, false, (row) => (row.disabled_at === null ? null : { disabled_at: null }));
}

/**
 * Gives a user another role (and, for a commission admin, another merchant or station, by the
 * rules of an invitation; left out, the user's own is kept where the role needs one). Any real
 * change ends the user's sessions: a session never acts with a role it was not signed in with.
 */
export function setUserRole(ctx: Ctx, id: string, input: SetUserRoleInput): Promise<User> {
  return changeUser(ctx, id, true, async (row, trx) => {
    const place = placement(ctx.principal, {
      role: input.role,
      merchantId: input.merchantId ?? row.merchant_id ?? undefined,
      stationId: input.stationId ?? row.station_id ?? undefined,
    });
    if (input.role === row.role && place.merchantId === row.merchant_id && place.stationId === row.station_id)
      return null;
    // Only a place the user is moved to is looked up: the one they have exists.
    await assertPlaceExists(trx, {
      merchantId: place.merchantId !== row.merchant_id ? place.merchantId : null,
      stationId: place.stationId !== row.station_id ? place.stationId : null,
    });
    return { role: input.role, merchant_id: place.merchantId, station_id: place.stationId };
  });
}

/** Sets a new password for a user; their sessions end at once (the admin tells them the new one). */
export async function resetPassword(ctx: Ctx, id: string, input: ResetPasswordInput): Promise<User> {
  // Who may is checked before the slow hash, and again (with the row) inside the transaction.
  managed(ctx.principal);
  const hash = await hashPassword(input.password);
  return changeUser(ctx, id, true, () => ({ password_hash: hash }));
}
