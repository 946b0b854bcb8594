import { type Complaint, type ListComplaintsQuery, STATUSES, type Status } from '@redress/core';
import type { Kysely } from 'kysely';
import { PHONE_REVEAL_ACTION } from '../audit';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { complaintTimeline } from '../events';
import { merchantNamesGeneration } from '../merchants';
import { settlementsById } from '../settlements';
import { type SlaView, slaMoving } from '../sla';
import { entryJson, listEntry } from './list-cache';
import { type MerchantNames, toComplaint } from './mapper';
import {
  complaintsById,
  countComplaintsByStatus,
  listComplaints,
  listPosition,
  loadComplaint,
  PAGE_COLUMNS,
  phoneSearchOf,
  type StaffQueueFilter,
} from './queries';
import type { ComplaintRow } from './table';

/**
 * The API objects of complaint rows, in their order: the one assembler of the API complaint (a
 * read, a page of the list, the events of an action, intake and the sweeper). The rows'
 * settlements are read in one query, and the SLA is as of `view` (by default now, with the
 * calendar read through `db`).
 */
export async function complaintObjects(
  db: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'calendars'>,
  rows: readonly ComplaintRow[],
  phone: 'masked' | 'full',
  view?: SlaView,
): Promise<Complaint[]> {
  if (rows.length === 0) return [];
  const owners = await ownerNames(db, rows);
  const [settlements, merchants] = await Promise.all([
    settlementsById(
      db,
      rows.map((r) => r.settlement_id),
    ),
    merchantNames(db, rows),
  ]);
  const now = ctx.clock.now();
  const sla = view ?? { now, calendar: await ctx.calendars.get(now, db) };
  return rows.map((row) =>
    toComplaint(row, {
      phone,
      settlement: row.settlement_id ? (settlements.get(row.settlement_id) ?? null) : null,
      sla,
      owner: row.owner_id ? { id: row.owner_id, name: owners.get(row.owner_id) ?? '' } : null,
      merchants,
    }),
  );
}

/** The names of the rows' owners, in one query (none when no row has an owner). */
async function ownerNames(db: Kysely<Database>, rows: readonly ComplaintRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.owner_id).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(users.map((u) => [u.id, u.name] as const));
}

/** The registered name and code of the rows' merchants, in one query. */
async function merchantNames(db: Kysely<Database>, rows: readonly ComplaintRow[]): Promise<MerchantNames> {
  const ids = [...new Set(rows.map((r) => r.merchant_id).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await db
    .selectFrom('merchants')
    .select(['id', 'name', 'credit_code'])
    .where('id', 'in', ids)
    .execute();
  return new Map(found.map((m) => [m.id, { name: m.name, creditCode: m.credit_code }] as const));
}

/** A row as the API object, with its settlement and SLA read now. */
export async function readComplaint(
  db: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'calendars'>,
  row: ComplaintRow,
  phone: 'masked' | 'full',
): Promise<Complaint> {
  const [object] = await complaintObjects(db, ctx, [row], phone);
  return object!;
}

/**
 * One complaint. Its merchant, staff and its station see the whole phone number, and each such
 * read is written to the audit log (个人信息保护).
 */
export async function getComplaint(ctx: ServiceContext, id: string): Promise<Complaint> {
  const row = await loadComplaint(ctx.db, ctx.principal, id);
  if (row.consumer_phone !== null) await auditPhoneReads(ctx, [row.id]);
  return readComplaint(ctx.db, ctx, row, 'full');
}

/** Writes one audit row per complaint whose consumer's whole number the caller now knows. */
async function auditPhoneReads(
  ctx: Pick<ServiceContext, 'db' | 'principal' | 'clock'>,
  complaintIds: readonly string[],
): Promise<void> {
  if (complaintIds.length === 0) return;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('audit_log')
    .values(
      complaintIds.map((id) => ({
        actor_kind: ctx.principal.kind,
        actor_id: ctx.principal.id,
        action: PHONE_REVEAL_ACTION,
        complaint_id: id,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * A search by a whole phone number tells the caller the number of every complaint it finds:
 * each one found is audited as a read of the number (the last four digits, shown masked
 * anyway, are not).
 */
export async function auditPhoneSearch(
  ctx: Pick<ServiceContext, 'db' | 'principal' | 'clock'>,
  q: string | undefined,
  found: readonly string[],
): Promise<void> {
  if (phoneSearchOf(q)?.kind === 'whole') await auditPhoneReads(ctx, found);
}

/**
 * A page of the caller's complaints, phone numbers masked, as the JSON the API answers. The
 * page is chosen from a few columns per complaint; whole rows are read and turned into JSON
 * only for complaints whose representation is not cached at their current version (see
 * list-cache.ts), and the SLA state and stage results, which move with the clock, are put in now.
 */
export async function listComplaintsJson(
  ctx: ServiceContext,
  query: ListComplaintsQuery,
  staff: StaffQueueFilter = {},
): Promise<string> {
  const now = ctx.clock.now();
  const view = { now, calendar: await ctx.calendars.get(now) };
  const [{ rows, nextCursor, prevCursor }, names] = await Promise.all([
    listComplaints(ctx.db, ctx.principal, query, view, staff),
    merchantNamesGeneration(ctx.db),
  ]);
  await auditPhoneSearch(
    ctx,
    query.q,
    rows.map((r) => r.id),
  );
  const cache = ctx.listCache;
  cache.sync(names);
  const items: (string | null)[] = rows.map((r) => {
    const entry = cache.get(r.id, r.version);
    return entry ? entryJson(entry, slaMoving(r, view)) : null;
  });
  const missing = rows.filter((_, i) => items[i] === null).map((r) => r.id);
  if (missing.length > 0) {
    // Read after the page: a complaint changed meanwhile is shown as it is now, and one that
    // is no longer the caller's (reassigned) is left out.
    const full = new Map(
      (await complaintsById(ctx.db, ctx.principal, missing)).map((row) => [row.id, row] as const),
    );
    const objects = new Map(
      (await complaintObjects(ctx.db, ctx, [...full.values()], 'masked', view)).map(
        (o) => [o.id, o] as const,
      ),
    );
    rows.forEach((r, i) => {
      const row = full.get(r.id);
      const object = objects.get(r.id);
      if (items[i] !== null || !row || !object) return;
      const entry = listEntry(object);
      cache.set(row.id, row.version, entry);
      items[i] = entryJson(entry, slaMoving(row, view));
    });
  }
  const data = items.filter((item): item is string => item !== null);
  return `{"data":[${data.join(',')}],"nextCursor":${JSON.stringify(nextCursor)},"prevCursor":${JSON.stringify(prevCursor)}}`;
}

/**
 * The same page as objects (the pages render these): one path, so API and pages agree. The
 * staff's overdue queue adds its filter (`StaffQueueFilter`).
 */
export async function findComplaints(
  ctx: ServiceContext,
  query: ListComplaintsQuery,
  staff: StaffQueueFilter = {},
): Promise<{ data: Complaint[]; nextCursor: string | null; prevCursor: string | null }> {
  return JSON.parse(await listComplaintsJson(ctx, query, staff));
}

/**
 * Where the page of `query` starting at complaint `firstId` stands: rows `from`–`to` of `total`
 * (the pages' "1–20 of 57"). Counted with the list's own filters and order.
 */
export async function pagePosition(
  ctx: ServiceContext,
  query: ListComplaintsQuery,
  shown: readonly Complaint[],
  staff: StaffQueueFilter = {},
): Promise<{ from: number; to: number; total: number }> {
  const now = ctx.clock.now();
  const view = { now, calendar: await ctx.calendars.get(now) };
  const first = shown[0]
    ? await ctx.db
        .selectFrom('complaints')
        .select(PAGE_COLUMNS)
        .where('id', '=', shown[0].id)
        .executeTakeFirst()
    : undefined;
  const { total, before } = await listPosition(ctx.db, ctx.principal, query, view, staff, first);
  return shown.length === 0
    ? { from: 0, to: 0, total }
    : { from: before + 1, to: before + shown.length, total };
}

export async function getTimeline(ctx: ServiceContext, id: string) {
  const row = await loadComplaint(ctx.db, ctx.principal, id);
  return complaintTimeline(ctx.db, row.id, ctx.principal);
}

/**
 * One complaint with the phone number masked, and no audit row: the portal's complaint page,
 * until the merchant asks for the whole number (then `getComplaint`, which audits the read).
 */
export async function viewComplaint(ctx: ServiceContext, id: string): Promise<Complaint> {
  const row = await loadComplaint(ctx.db, ctx.principal, id);
  return readComplaint(ctx.db, ctx, row, 'masked');
}

/**
 * How many of the caller's complaints are in each status, every status present (0 when none).
 * @example (await countByStatus(ctx)).assigned // 3
 */
export async function countByStatus(ctx: ServiceContext): Promise<Record<Status, number>> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const { status, count } of await countComplaintsByStatus(ctx.db, ctx.principal)) {
    counts[status] = count;
  }
  return counts;
}
