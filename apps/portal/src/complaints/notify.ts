import { newId } from '@redress/core';
import type { Kysely } from 'kysely';
import { signConsumerLink } from '../auth/tokens';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import type { ComplaintRow } from './table';

/** How long a consumer link works. */
export const CONSUMER_LINK_TTL_SECONDS = 30 * 24 * 3600;

const TEXTS = {
  message: '您的投诉有新的回复',
  info_request: '处理您的投诉需要您补充材料',
  proposal: '企业提出了和解方案，请确认',
} as const;

/**
 * Tells the consumer something happened, through the commission's notification channel.
 * Development and tests keep the message in `notifications` (staff can read it) and the log;
 * a production SMS adapter reads the same table. Merchants never see the link.
 */
export async function notifyConsumer(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'keys' | 'clock' | 'config' | 'log'>,
  row: ComplaintRow,
  kind: keyof typeof TEXTS,
  detail: string,
): Promise<void> {
  if (row.consumer_phone === null) return;
  const now = ctx.clock.now();
  const token = await signConsumerLink(ctx.keys, ctx.clock, row.id, CONSUMER_LINK_TTL_SECONDS);
  const link = `${ctx.config.publicUrl}/c/${token}`;
  const body = `【消保委】${TEXTS[kind]}（${row.reference}）：${detail.slice(0, 60)} 详情：${link}`;
  await trx
    .insertInto('notifications')
    .values({
      id: newId('notification', now),
      complaint_id: row.id,
      channel: 'sms',
      recipient: row.consumer_phone,
      body,
      link,
      created_at: now,
    })
    .execute();
  if (ctx.config.mode === 'development')
    ctx.log.info('consumer notified', { complaintId: row.id, kind, link });
}
