import {
  CHANNEL_LABELS,
  type Complaint,
  type ExportComplaintsQuery,
  type Label,
  OUTCOME_LABELS,
  STATUS_LABELS,
} from '@redress/core';
import type { ServiceContext } from '../context';
import { MERCHANT_ROLES, requireRole, STAFF_ROLES } from '../http/principal';
import { csvField } from '../settlements';
import { taxonomyLabels } from '../taxonomy';
import { translator } from '../web/i18n';
import { complaintsById, listComplaints, staffQueueFilter } from './queries';
import { auditPhoneSearch, complaintObjects } from './read';

type Lang = ExportComplaintsQuery['lang'];

/** What one row of the export is made from: the API object and the names it refers to. */
interface ExportRow {
  c: Complaint;
  merchant: { name: string; creditCode: string } | undefined;
  station: string | undefined;
  categories: Record<string, Label>;
  lang: Lang;
}

const label = (table: Readonly<Record<string, Label>>, code: string, lang: Lang) =>
  table[code]?.[lang] ?? code;
const yuan = (fen: number | undefined) => (fen === undefined ? null : (fen / 100).toFixed(2));

/** The columns of the complaints CSV: their headers in both languages, and each cell's value. */
const COLUMNS: { zh: string; en: string; value: (r: ExportRow) => string | number | boolean | null }[] = [
  { zh: '投诉编号', en: 'reference', value: (r) => r.c.reference },
  { zh: '标识', en: 'id', value: (r) => r.c.id },
  { zh: '类型', en: 'kind', value: (r) => r.c.kind },
  { zh: '状态', en: 'status', value: (r) => label(STATUS_LABELS, r.c.status, r.lang) },
  { zh: '渠道', en: 'channel', value: (r) => label(CHANNEL_LABELS, r.c.channel, r.lang) },
  { zh: '外部编号', en: 'external_ref', value: (r) => r.c.externalRef },
  { zh: '被投诉经营者', en: 'business', value: (r) => r.c.business?.name ?? r.merchant?.name ?? null },
  {
    zh: '统一社会信用代码',
    en: 'credit_code',
    value: (r) => r.c.business?.creditCode ?? r.merchant?.creditCode ?? null,
  },
  { zh: '入网企业', en: 'networked', value: (r) => (r.c.business ? r.c.merchantId !== null : null) },
  { zh: '联络站', en: 'station', value: (r) => r.station ?? null },
  { zh: '投诉标题', en: 'subject', value: (r) => r.c.subject },
  { zh: '投诉类别', en: 'category', value: (r) => label(r.categories, r.c.category, r.lang) },
  { zh: '消费者', en: 'consumer_name', value: (r) => r.c.consumer.name },
  { zh: '联系电话', en: 'consumer_phone', value: (r) => r.c.consumer.phone },
  { zh: '诉求金额（元）', en: 'claim_yuan', value: (r) => yuan(r.c.claim?.amountFen) },
  { zh: '收到时间', en: 'received_at', value: (r) => r.c.receivedAt },
  { zh: '分派时间', en: 'assigned_at', value: (r) => r.c.assignedAt },
  {
    zh: '时限状态',
    en: 'sla_state',
    value: (r) =>
      r.c.sla ? translator(r.lang === 'en' ? 'en' : 'zh-CN')(`sla.state.${r.c.sla.state}`) : null,
  },
  { zh: '确认期限', en: 'acknowledge_due_at', value: (r) => r.c.sla?.acknowledgeDueAt ?? null },
  { zh: '和解期限', en: 'settle_due_at', value: (r) => r.c.sla?.settleDueAt ?? null },
  {
    zh: '和解结果',
    en: 'settlement_outcome',
    value: (r) => (r.c.settlement ? label(OUTCOME_LABELS, r.c.settlement.outcome, r.lang) : null),
  },
  { zh: '挽回金额（元）', en: 'recovered_yuan', value: (r) => yuan(r.c.settlement?.amount.amountFen) },
  { zh: '更新时间', en: 'updated_at', value: (r) => r.c.updatedAt },
];

export const complaintsCsvHeader = (lang: Lang) => `${COLUMNS.map((c) => c[lang]).join(',')}\r\n`;

/** Rows read per batch: the export streams, memory stays flat whatever the count. */
const BATCH = 500;

/**
 * Every complaint of the list's filters, as CSV lines after the header, in the list's order:
 * staff all, a merchant its own (403 for anyone else); for staff also one of their queues
 * (`queue`, `overdue`). Read in keyset batches with the list's
 * own query, phone numbers masked as in the list.
 */
export async function* exportComplaintsCsv(
  ctx: ServiceContext,
  query: ExportComplaintsQuery,
  batch = BATCH,
): AsyncGenerator<string> {
  requireRole(ctx.principal, [...STAFF_ROLES, ...MERCHANT_ROLES], 'export complaints');
  const { lang, queue, overdue, ...filters } = query;
  // A staff queue (overdue, escalated) as its page shows it: staff only.
  if (queue) requireRole(ctx.principal, STAFF_ROLES, 'export a staff queue');
  const staff = queue ? staffQueueFilter(queue, overdue) : {};
  const { categories } = await taxonomyLabels(ctx.db);
  const merchants = new Map(
    (await ctx.db.selectFrom('merchants').select(['id', 'name', 'credit_code']).execute()).map((m) => [
      m.id,
      { name: m.name, creditCode: m.credit_code },
    ]),
  );
  const stations = new Map(
    (await ctx.db.selectFrom('stations').select(['id', 'name']).execute()).map((s) => [s.id, s.name]),
  );
  let cursor: string | undefined;
  do {
    const now = ctx.clock.now();
    const view = { now, calendar: await ctx.calendars.get(now) };
    const page = await listComplaints(
      ctx.db,
      ctx.principal,
      { ...filters, limit: batch, cursor },
      view,
      staff,
    );
    const ids = page.rows.map((r) => r.id);
    await auditPhoneSearch(ctx, filters.q, ids);
    const byId = new Map((await complaintsById(ctx.db, ctx.principal, ids)).map((r) => [r.id, r]));
    const rows = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    const objects = await complaintObjects(ctx.db, ctx, rows, 'masked', view);
    let out = '';
    for (const c of objects) {
      const row: ExportRow = {
        c,
        merchant: c.merchantId ? merchants.get(c.merchantId) : undefined,
        station: c.stationId ? stations.get(c.stationId) : undefined,
        categories,
        lang,
      };
      out += `${COLUMNS.map((col) => csvField(col.value(row))).join(',')}\r\n`;
    }
    if (out) yield out;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
