import type { CreateStationInput } from '@redress/core';
import { Invalid, NotFound, newId, type Station, toIso } from '@redress/core';
import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { requireRole, STAFF_ROLES } from '../http/principal';
import type { StationRow } from './table';

export function toStation(row: StationRow): Station {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    host: row.host,
    online: row.online === 1,
    createdAt: toIso(row.created_at),
  };
}

/** Staff read every station; a station operator reads its own. */
export async function listStations(ctx: ServiceContext): Promise<Station[]> {
  const p = ctx.principal;
  let query = ctx.db.selectFrom('stations').selectAll().orderBy('name');
  if (p.actor === 'station') query = query.where('id', '=', p.stationId ?? '');
  else requireRole(p, STAFF_ROLES, 'list liaison stations');
  return (await query.execute()).map(toStation);
}

export async function getStation(ctx: ServiceContext, id: string): Promise<Station> {
  const p = ctx.principal;
  if (p.actor !== 'staff' && !(p.actor === 'station' && p.stationId === id)) throw new NotFound('station');
  const row = await ctx.db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('station');
  return toStation(row);
}

export async function createStation(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'principal'>,
  input: z.infer<typeof CreateStationInput>,
): Promise<Station> {
  requireRole(ctx.principal, ['commission_admin'], 'create liaison stations');
  const now = ctx.clock.now();
  const row: StationRow = {
    id: newId('station', now),
    name: input.name,
    address: input.address,
    host: input.host,
    online: input.online ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('stations').values(row).execute();
  return toStation(row);
}

export async function updateStation(
  ctx: ServiceContext,
  id: string,
  input: Partial<z.infer<typeof CreateStationInput>>,
): Promise<Station> {
  requireRole(ctx.principal, ['commission_admin'], 'change liaison stations');
  const existing = await ctx.db.selectFrom('stations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) throw new NotFound('station');
  if (Object.keys(input).length === 0) throw new Invalid('nothing to change');
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.host !== undefined ? { host: input.host } : {}),
    ...(input.online !== undefined ? { online: input.online ? 1 : 0 } : {}),
    updated_at: ctx.clock.now(),
  };
  await ctx.db.updateTable('stations').set(changes).where('id', '=', id).execute();
  return toStation({ ...existing, ...changes });
}

export async function deleteStation(ctx: ServiceContext, id: string): Promise<void> {
  requireRole(ctx.principal, ['commission_admin'], 'delete liaison stations');
  const existing = await ctx.db.selectFrom('stations').select('id').where('id', '=', id).executeTakeFirst();
  if (!existing) throw new NotFound('station');
  const used = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('station_id', '=', id)
    .union(ctx.db.selectFrom('settlements').select('id').where('station_id', '=', id))
    .union(ctx.db.selectFrom('complaints').select('id').where('station_id', '=', id))
    .limit(1)
    .executeTakeFirst();
  // A station with history is taken offline, not erased: its settlements must keep their station.
  if (used) {
    await ctx.db
      .updateTable('stations')
      .set({ online: 0, updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .execute();
    return;
  }
  await ctx.db.deleteFrom('stations').where('id', '=', id).execute();
}
