import {
  type Complaint,
  Conflict,
  Forbidden,
  Invalid,
  type Note,
  type NoteInput,
  newId,
  noteSideOf,
  type SetOwnerInput,
  toIso,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvent } from '../events';
import { MERCHANT_ROLES, type Principal } from '../http/principal';
import { loadComplaint } from './queries';
import { readComplaint } from './read';
import type { ComplaintNoteRow } from './table';

/**
 * Working as a team: a complaint's owner among its merchant's users, and internal notes that
 * only the author's side reads (core's `noteSideOf`, `audienceReaches`).
 */

/** The merchant's users (and its API clients, which act as its admin) may give a complaint an owner. */
function requireMerchantSide(p: Principal, what: string): string {
  if (p.actor !== 'merchant' || !p.merchantId || p.role === null || !MERCHANT_ROLES.includes(p.role))
    throw new Forbidden(`only the merchant's users may ${what}`);
  return p.merchantId;
}

/**
 * Gives the complaint an owner among its merchant's users (a disabled user, a user of another
 * merchant or of none is 422), or nobody (`userId: null`). Any status: the owner is who works
 * on it, not a step of the lifecycle. Raises the version (the list's cache keys on it) and
 * writes `complaint.owner_changed`; the same owner again changes nothing and writes no event.
 */
export async function setComplaintOwner(
  ctx: ServiceContext,
  id: string,
  input: SetOwnerInput,
): Promise<Complaint> {
  return ctx.transact(async (trx) => {
    const before = await loadComplaint(trx, ctx.principal, id, { lock: ctx.dialect === 'postgres' });
    const merchantId = requireMerchantSide(ctx.principal, 'choose who owns a complaint');
    let owner: { id: string; name: string } | null = null;
    if (input.userId !== null) {
      const user = await trx
        .selectFrom('users')
        .select(['id', 'name', 'merchant_id', 'disabled_at'])
        .where('id', '=', input.userId)
        .executeTakeFirst();
      // Another merchant's user is not named: not found, as for any id the caller may not see.
      if (!user || user.merchant_id !== merchantId)
        throw new Invalid('no such user at this merchant', [
          { path: 'userId', code: 'not_found', message: 'not one of the merchant’s users' },
        ]);
      if (user.disabled_at !== null)
        throw new Invalid('the user is disabled', [
          { path: 'userId', code: 'invalid_value', message: 'a disabled user cannot own complaints' },
        ]);
      owner = { id: user.id, name: user.name };
    }
    if (before.owner_id === (owner?.id ?? null)) return readComplaint(trx, ctx, before, 'masked');
    const now = ctx.clock.now();
    const result = await trx
      .updateTable('complaints')
      .set({ owner_id: owner?.id ?? null, updated_at: now, version: before.version + 1 })
      .where('id', '=', before.id)
      .where('version', '=', before.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1)
      throw new Conflict('the complaint changed meanwhile; reload it and try again');
    const after = { ...before, owner_id: owner?.id ?? null, updated_at: now, version: before.version + 1 };
    const object = await readComplaint(trx, ctx, after, 'masked');
    await appendEvent(trx, ctx, {
      type: 'complaint.owner_changed',
      complaintId: after.id,
      merchantId: after.merchant_id,
      stationId: after.station_id,
      data: { object, owner, previousOwnerId: before.owner_id },
    });
    return object;
  });
}

function toNote(row: ComplaintNoteRow, authorName: string | null): Note {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    side: row.side,
    body: row.body,
    author: {
      kind: row.author_kind === 'consumer' ? 'system' : row.author_kind,
      id: row.author_id,
      name: authorName,
    },
    createdAt: toIso(row.created_at),
  };
}

async function authorNames(db: Kysely<Database>, rows: readonly ComplaintNoteRow[]) {
  const ids = [...new Set(rows.map((r) => r.author_id).filter((a): a is string => a !== null))];
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  for (const u of await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute())
    names.set(u.id, u.name);
  for (const c of await db.selectFrom('api_clients').select(['id', 'name']).where('id', 'in', ids).execute())
    names.set(c.id, c.name);
  return names;
}

/** The side a note of the principal's is for; stations and consumers write none (403). */
function sideOf(p: Principal) {
  const side = noteSideOf(p.actor);
  if (side === null)
    throw new Forbidden('only the merchant’s users and the commission’s staff write internal notes');
  return side;
}

/**
 * An internal note on a complaint the caller sees: a merchant's note for that merchant's users
 * only, a staff note for staff only; never the consumer's (not on the link, not in an SMS).
 * The event `complaint.note_added` is for the author's side alone (`audience`).
 */
export async function addNote(ctx: ServiceContext, id: string, input: NoteInput): Promise<Note> {
  const side = sideOf(ctx.principal);
  return ctx.transact(async (trx) => {
    const row = await loadComplaint(trx, ctx.principal, id);
    const now = ctx.clock.now();
    const note: ComplaintNoteRow = {
      id: newId('note', now),
      complaint_id: row.id,
      side,
      merchant_id: side === 'merchant' ? ctx.principal.merchantId : null,
      author_kind: ctx.principal.kind,
      author_id: ctx.principal.id,
      body: input.body,
      created_at: now,
    };
    await trx.insertInto('complaint_notes').values(note).execute();
    const object = await readComplaint(trx, ctx, row, 'masked');
    await appendEvent(trx, ctx, {
      type: 'complaint.note_added',
      complaintId: row.id,
      // A staff note is not the merchant's event: no merchant's feed or endpoint has it.
      merchantId: side === 'merchant' ? row.merchant_id : null,
      stationId: null,
      audience: side,
      data: { object, note: { id: note.id, side, body: note.body } },
    });
    return toNote(note, (await authorNames(trx, [note])).get(note.author_id ?? '') ?? null);
  });
}

/** The internal notes of the caller's side on a complaint it sees, oldest first (stations: 403). */
export async function listNotes(ctx: ServiceContext, id: string): Promise<Note[]> {
  const side = sideOf(ctx.principal);
  const row = await loadComplaint(ctx.db, ctx.principal, id);
  let query = ctx.db
    .selectFrom('complaint_notes')
    .selectAll()
    .where('complaint_id', '=', row.id)
    .where('side', '=', side);
  if (side === 'merchant') query = query.where('merchant_id', '=', ctx.principal.merchantId ?? '');
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  const names = await authorNames(ctx.db, rows);
  return rows.map((r) => toNote(r, r.author_id ? (names.get(r.author_id) ?? null) : null));
}

/** The merchant's enabled users, by name: whom a complaint may be given to (the merchant's users only). */
export async function merchantColleagues(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  const merchantId = requireMerchantSide(ctx.principal, 'see who may own a complaint');
  return ctx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('merchant_id', '=', merchantId)
    .where('disabled_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}
