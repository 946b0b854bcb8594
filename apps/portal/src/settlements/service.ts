import {
  type CreateSettlementInput,
  Forbidden,
  Invalid,
  type ListSettlementsQuery,
  NotFound,
  newId,
  type Settlement,
  type SettlementChannel,
} from '@redress/core';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvent } from '../events';
import { decodeCursor, encodeCursor } from '../http/cursor';
import type { Principal } from '../http/principal';
import type { SettlementLine } from './csv';
import { toSettlement } from './mapper';
import type { SettlementRow } from './table';

/** Station operators see their station's settlements, merchants their own, staff all. */
function visibleSettlements<Q extends SelectQueryBuilder<Database, 'settlements', any>>(
  query: Q,
  p: Principal,
): Q {
  if (p.actor === 'staff') return query;
  if (p.actor === 'station') return query.where('settlements.station_id', '=', p.stationId ?? '') as Q;
  if (p.actor === 'merchant') return query.where('settlements.merchant_id', '=', p.merchantId ?? '') as Q;
  return query.where('settlements.id', '=', '') as Q;
}

/**
 * 联络站现场和解 — a settlement reached on the spot at a liaison station, with or without an
 * earlier complaint, with a registered merchant or one named in free text.
 */
export async function logStationSettlement(
  ctx: ServiceContext,
  input: CreateSettlementInput,
): Promise<Settlement> {
  const p = ctx.principal;
  if (p.actor !== 'station' && p.actor !== 'staff')
    throw new Forbidden('only liaison stations and staff log on-site settlements');
  if (p.actor === 'station' && input.stationId !== p.stationId) throw new NotFound('station');
  const station = await ctx.db
    .selectFrom('stations')
    .select('id')
    .where('id', '=', input.stationId)
    .executeTakeFirst();
  if (!station)
    throw new Invalid('unknown station', [
      { path: 'stationId', code: 'not_found', message: 'no such station' },
    ]);

  let merchantId = input.merchantId ?? null;
  let merchantName = input.merchantName ?? null;
  let creditCode = input.creditCode ?? null;
  if (input.complaintId) {
    const complaint = await ctx.db
      .selectFrom('complaints')
      .select(['id', 'merchant_id', 'station_id'])
      .where('id', '=', input.complaintId)
      .executeTakeFirst();
    // A station may link only its own station's complaints; staff any.
    if (!complaint || (p.actor === 'station' && complaint.station_id !== p.stationId)) {
      throw new Invalid('unknown complaint', [
        { path: 'complaintId', code: 'not_found', message: 'no such complaint at this station' },
      ]);
    }
    merchantId ??= complaint.merchant_id;
  }
  if (merchantId) {
    const merchant = await ctx.db
      .selectFrom('merchants')
      .select(['name', 'credit_code'])
      .where('id', '=', merchantId)
      .executeTakeFirst();
    if (!merchant)
      throw new Invalid('unknown merchant', [
        { path: 'merchantId', code: 'not_found', message: 'no such merchant' },
      ]);
    merchantName ??= merchant.name;
    creditCode ??= merchant.credit_code;
  } else if (creditCode) {
    // A free-text merchant whose credit code is registered is that merchant.
    const merchant = await ctx.db
      .selectFrom('merchants')
      .select('id')
      .where('credit_code', '=', creditCode)
      .executeTakeFirst();
    merchantId = merchant?.id ?? null;
  }
  if (!merchantName)
    throw new Invalid('name the merchant', [
      { path: 'merchantName', code: 'required', message: 'required without merchantId' },
    ]);

  const now = ctx.clock.now();
  return ctx.transact(async (trx) => {
    const settlement = await writeSettlement(trx, {
      id: newId('settlement', now),
      complaintId: input.complaintId ?? null,
      stationId: input.stationId,
      merchantId,
      merchant: { name: merchantName, creditCode },
      channel: 'station',
      outcome: input.outcome,
      amountFen: input.amountFen,
      consumerAccepted: input.consumerAccepted,
      summary: input.summary,
      by: p,
      at: now,
    });
    await appendEvent(trx, ctx, {
      type: 'settlement.recorded',
      complaintId: settlement.complaintId,
      merchantId: settlement.merchantId,
      stationId: settlement.stationId,
      data: { object: settlement },
    });
    return settlement;
  });
}

/** What a settlement records. */
export interface NewSettlement {
  id: string;
  complaintId: string | null;
  stationId: string | null;
  merchantId: string | null;
  /** The merchant as it is named; read from `merchants` by `merchantId` when left out. */
  merchant?: { name: string; creditCode: string | null };
  channel: SettlementChannel;
  outcome: Settlement['outcome'];
  amountFen: number;
  consumerAccepted: boolean;
  summary: string;
  by: Principal;
  at: number;
}

/**
 * Writes a settlement row, in the caller's transaction, and returns its API object: the one
 * writer of the `settlements` table, for a station's 现场和解 (`logStationSettlement`) and a
 * complaint's settlement (`recordSettlement`, complaints/actions.ts).
 */
export async function writeSettlement(trx: Kysely<Database>, s: NewSettlement): Promise<Settlement> {
  const merchant =
    s.merchant ??
    (s.merchantId
      ? await trx
          .selectFrom('merchants')
          .select(['name', 'credit_code as creditCode'])
          .where('id', '=', s.merchantId)
          .executeTakeFirst()
      : undefined);
  const row: SettlementRow = {
    id: s.id,
    complaint_id: s.complaintId,
    station_id: s.stationId,
    merchant_id: s.merchantId,
    merchant_name: merchant?.name ?? '',
    credit_code: merchant?.creditCode ?? null,
    channel: s.channel,
    outcome: s.outcome,
    amount_fen: s.amountFen,
    consumer_accepted: s.consumerAccepted ? 1 : 0,
    summary: s.summary,
    // Who recorded it: a user's or API client's id; `consumer` through their link (whose
    // principal's id is the complaint's), `system` for the portal itself.
    recorded_by: s.by.kind === 'consumer' ? 'consumer' : (s.by.id ?? s.by.kind),
    recorded_at: s.at,
  };
  await trx.insertInto('settlements').values(row).execute();
  return toSettlement(row);
}

/** Settlement rows by id (a complaint's, for its API object). */
export async function settlementsById(
  db: Kysely<Database>,
  ids: (string | null)[],
): Promise<Map<string, SettlementRow>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('settlements').selectAll().where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

function filtered(db: Kysely<Database>, p: Principal, q: Omit<ListSettlementsQuery, 'limit' | 'cursor'>) {
  let query = visibleSettlements(db.selectFrom('settlements').selectAll(), p);
  if (q.stationId) query = query.where('station_id', '=', q.stationId);
  if (q.merchantId) query = query.where('merchant_id', '=', q.merchantId);
  if (q.channel) query = query.where('channel', '=', q.channel);
  if (q.from) query = query.where('recorded_at', '>=', Date.parse(q.from));
  if (q.to) query = query.where('recorded_at', '<', Date.parse(q.to));
  return query;
}

export async function listSettlements(ctx: ServiceContext, q: ListSettlementsQuery) {
  let query = filtered(ctx.db, ctx.principal, q);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, ['number', 'string']);
    query = query.where((eb) =>
      eb.or([
        eb('recorded_at', '<', at as number),
        eb.and([eb('recorded_at', '=', at as number), eb('id', '<', id as string)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    data: page.map(toSettlement),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.recorded_at, last.id]) : null,
  };
}

/** Every matching row, newest first, a batch at a time, each with who recorded it by name (the CSV export). */
export async function* allSettlements(
  ctx: ServiceContext,
  q: Omit<ListSettlementsQuery, 'limit' | 'cursor'>,
  lang: 'zh' | 'en' = 'zh',
): AsyncGenerator<SettlementLine[]> {
  let cursor: string | undefined;
  do {
    const page = await listSettlements(ctx, { ...q, limit: 200, cursor });
    const names = await recorderNames(
      ctx.db,
      page.data.map((s) => s.recordedBy),
      lang,
    );
    yield page.data.map((s) => ({ s, recorder: names.get(s.recordedBy) ?? s.recordedBy }));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const NOT_A_USER: Record<string, { zh: string; en: string }> = {
  consumer: { zh: '消费者（链接）', en: 'The consumer (link)' },
  system: { zh: '系统', en: 'The system' },
};

/** The names of those who recorded settlements: a user's name, an API client's, the consumer or the system. */
async function recorderNames(
  db: Kysely<Database>,
  ids: string[],
  lang: 'zh' | 'en',
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wanted = [...new Set(ids)].filter((id) => {
    const word = NOT_A_USER[id];
    if (word) names.set(id, word[lang]);
    return !word;
  });
  if (wanted.length === 0) return names;
  for (const u of await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', 'in', wanted)
    .execute())
    names.set(u.id, u.name || u.email);
  for (const k of await db
    .selectFrom('api_clients')
    .select(['id', 'name'])
    .where('id', 'in', wanted)
    .execute())
    names.set(k.id, k.name);
  return names;
}
