import {
  Conflict,
  type FieldError,
  hasEnded,
  Invalid,
  type ListTypicalCasesQuery,
  NotFound,
  newId,
  OUTCOME_LABELS,
  type PublishTypicalCaseInput,
  personalDetails,
  redact,
  SETTLEMENT_CHANNEL_LABELS,
  type TypicalCase,
  type TypicalCaseDraft,
  toIso,
} from '@redress/core';
import type { ServiceContext } from '../context';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { constraintKind } from '../http/problem';
import type { TypicalCaseRow } from './table';

function toCase(row: TypicalCaseRow): TypicalCase {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    resolution: row.resolution,
    lesson: row.lesson,
    category: row.category,
    tags: JSON.parse(row.tags) as string[],
    publishedAt: toIso(Number(row.published_at)),
  };
}

/** The ended complaint a case is made from, with its consumer and its settlement if any. */
async function endedComplaint(ctx: ServiceContext, complaintId: string) {
  requireRole(ctx.principal, STAFF_ROLES, 'publish typical cases');
  const complaint = await ctx.db
    .selectFrom('complaints')
    .select([
      'id',
      'status',
      'kind',
      'subject',
      'description',
      'category',
      'tags',
      'consumer_name',
      'consumer_phone',
      'settlement_id',
    ])
    .where('id', '=', complaintId)
    .executeTakeFirst();
  if (!complaint) throw new NotFound('complaint');
  if (!hasEnded(complaint.status)) throw new Conflict('only an ended complaint can be a typical case');
  const settlement = complaint.settlement_id
    ? await ctx.db
        .selectFrom('settlements')
        .select(['channel', 'outcome', 'amount_fen', 'summary'])
        .where('id', '=', complaint.settlement_id)
        .executeTakeFirst()
    : undefined;
  return { complaint, settlement };
}

const ALREADY_PUBLISHED = 'this complaint is already published as a typical case';
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * The draft of a typical case from an ended complaint: its subject, story and settlement, with
 * the consumer's name replaced by 消费者 and every identifying number and address removed (core's
 * `redact`). The lesson is for staff to write.
 */
export async function draftTypicalCase(ctx: ServiceContext, complaintId: string): Promise<TypicalCaseDraft> {
  const { complaint, settlement } = await endedComplaint(ctx, complaintId);
  const consumer = { name: complaint.consumer_name, phone: complaint.consumer_phone };
  const resolution = settlement
    ? [
        `${SETTLEMENT_CHANNEL_LABELS[settlement.channel].zh}：${OUTCOME_LABELS[settlement.outcome].zh}`,
        settlement.amount_fen > 0 ? `，${yuan(settlement.amount_fen)}` : '',
        settlement.summary ? `。${settlement.summary}` : '。',
      ].join('')
    : '';
  return {
    title: redact(complaint.subject, consumer),
    summary: redact(complaint.description, consumer),
    resolution: redact(resolution, consumer),
    lesson: '',
    category: complaint.category,
    tags: JSON.parse(complaint.tags) as string[],
  };
}

/**
 * Publishes a typical case from an ended complaint (staff). Refused (422, `personal_data`) while
 * any of its texts holds the consumer's name or phone, or a number or address that could identify
 * someone; 409 when the complaint has not ended or already has a published case.
 */
export async function publishTypicalCase(
  ctx: ServiceContext,
  complaintId: string,
  input: PublishTypicalCaseInput,
): Promise<TypicalCase> {
  const { complaint } = await endedComplaint(ctx, complaintId);
  const consumer = { name: complaint.consumer_name, phone: complaint.consumer_phone };
  const errors: FieldError[] = [];
  for (const field of ['title', 'summary', 'resolution', 'lesson'] as const) {
    const found = personalDetails(input[field], consumer);
    if (found.length > 0)
      errors.push({
        path: field,
        code: 'personal_data',
        // The kinds only: the message must not repeat the detail it refuses.
        message: `contains personal details (${[...new Set(found.map((d) => d.kind))].join(', ')})`,
      });
  }
  const known = await ctx.db
    .selectFrom('categories')
    .select('code')
    .where('code', '=', input.category)
    .executeTakeFirst();
  if (!known)
    errors.push({ path: 'category', code: 'not_found', message: `unknown category ${input.category}` });
  if (input.tags.length > 0) {
    const tags = new Set(
      (await ctx.db.selectFrom('tags').select('code').where('code', 'in', input.tags).execute()).map(
        (r) => r.code,
      ),
    );
    input.tags.forEach((tag, i) => {
      if (!tags.has(tag))
        errors.push({ path: `tags.${i}`, code: 'not_found', message: `unknown tag ${tag}` });
    });
  }
  if (errors.length > 0) throw new Invalid('the typical case is not valid', errors);
  const now = ctx.clock.now();
  const row: TypicalCaseRow = {
    id: newId('typicalCase', now),
    complaint_id: complaintId,
    title: input.title,
    summary: input.summary,
    resolution: input.resolution,
    lesson: input.lesson,
    category: input.category,
    tags: JSON.stringify([...new Set(input.tags)]),
    published_by: ctx.principal.id,
    published_at: now,
    unpublished_by: null,
    unpublished_at: null,
    unpublish_reason: null,
  };
  await ctx
    .transact(async (trx) => {
      const published = await trx
        .selectFrom('typical_cases')
        .select('id')
        .where('complaint_id', '=', complaintId)
        .where('unpublished_at', 'is', null)
        .executeTakeFirst();
      if (published) throw new Conflict(ALREADY_PUBLISHED);
      await trx.insertInto('typical_cases').values(row).execute();
    })
    .catch((err: unknown) => {
      // Two staff at the same instant: both passed the check, the index refused the second.
      throw constraintKind(err) === 'unique' ? new Conflict(ALREADY_PUBLISHED) : err;
    });
  return toCase(row);
}

/** Public: the published cases, newest first, optionally of one category. */
export async function listTypicalCases(
  ctx: Pick<ServiceContext, 'db'>,
  query: ListTypicalCasesQuery,
): Promise<{ data: TypicalCase[]; nextCursor: string | null }> {
  let q = ctx.db.selectFrom('typical_cases').selectAll().where('unpublished_at', 'is', null);
  if (query.category) q = q.where('category', '=', query.category);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, ['number', 'string']) as [number, string];
    q = q.where((eb) =>
      eb.or([eb('published_at', '<', at), eb.and([eb('published_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await q
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toCase),
    nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.published_at), last.id]) : null,
  };
}

/** Public: one published case (an unpublished one is 404, as one that never was). */
export async function getTypicalCase(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<TypicalCase> {
  const row = await ctx.db
    .selectFrom('typical_cases')
    .selectAll()
    .where('id', '=', id)
    .where('unpublished_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new NotFound('typical case');
  return toCase(row);
}

/** Staff take a case down, saying why; the row stays, with who did it and when. */
export async function unpublishTypicalCase(
  ctx: ServiceContext,
  id: string,
  input: { reason: string },
): Promise<void> {
  requireRole(ctx.principal, STAFF_ROLES, 'unpublish typical cases');
  const row = await ctx.db
    .selectFrom('typical_cases')
    .select(['id', 'unpublished_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new NotFound('typical case');
  if (row.unpublished_at !== null) throw new Conflict('the typical case is already unpublished');
  const done = await ctx.db
    .updateTable('typical_cases')
    .set({
      unpublished_by: ctx.principal.id,
      unpublished_at: ctx.clock.now(),
      unpublish_reason: input.reason,
    })
    .where('id', '=', id)
    .where('unpublished_at', 'is', null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new Conflict('the typical case was unpublished meanwhile');
}

/** Staff: the cases taken down, with who, when and why (the audit of unpublishing). */
export async function unpublishedTypicalCases(ctx: ServiceContext) {
  requireRole(ctx.principal, STAFF_ROLES, 'read the typical cases taken down');
  const rows = await ctx.db
    .selectFrom('typical_cases')
    .selectAll()
    .where('unpublished_at', 'is not', null)
    .orderBy('unpublished_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    ...toCase(r),
    complaintId: r.complaint_id,
    unpublishedBy: r.unpublished_by,
    unpublishedAt: toIso(Number(r.unpublished_at)),
    reason: r.unpublish_reason ?? '',
  }));
}

/** The published case of a complaint, if any (the staff complaint page links to it). */
export async function caseOfComplaint(
  ctx: Pick<ServiceContext, 'db'>,
  complaintId: string,
): Promise<string | null> {
  const row = await ctx.db
    .selectFrom('typical_cases')
    .select('id')
    .where('complaint_id', '=', complaintId)
    .where('unpublished_at', 'is', null)
    .executeTakeFirst();
  return row?.id ?? null;
}
