import { randomBytes } from 'node:crypto';
import { type EscalationCause, fitSms, newId, Unauthenticated } from '@redress/core';
import type { Kysely } from 'kysely';
import { verifyConsumerLink } from '../auth';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { insertRows } from '../events';
import type { ComplaintRow } from './table';

/** How long a consumer link works. */
export const CONSUMER_LINK_TTL_SECONDS = 30 * 24 * 3600;

/**
 * What each SMS says. The ones that end the complaint ask for the rating: the consumer's page
 * offers it only then.
 */
const TEXTS = {
  message: '您的投诉有新的回复',
  info_request: '处理您的投诉需要您补充材料',
  proposal: '企业提出了和解方案，请确认',
  escalated: '您的投诉已转消保委调解',
  settled: '您的投诉已与企业达成和解，欢迎评价处理结果',
  mediation_settled: '您的投诉已经消保委调解达成和解，欢迎评价处理结果',
  referred: '您的投诉已移交处理，欢迎评价处理结果',
  closed: '您的投诉已办结，欢迎评价处理结果',
  withdrawn: '您的投诉已撤回，欢迎评价处理结果',
} as const;
export type NoticeKind = keyof typeof TEXTS;

/** Why a complaint went to mediation, as the consumer's SMS says it. */
export const ESCALATION_TEXTS: Record<EscalationCause, string> = {
  staff: '消保委决定介入调解',
  merchant_declined: '企业不同意和解',
  settle_deadline_passed: '企业未在和解期限内处理完毕',
  consumer_rejected: '您未接受企业的和解方案',
  consumer_no_answer: '您未在答复期限内答复企业的和解方案',
  not_networked: '被投诉经营者未入网，由消保委直接调解',
};

/** A link is sent again, unchanged, for a day after it was signed (it then has ≥ 29 days left). */
const LINK_REUSE_MS = 24 * 3600_000;
const LINKS_KEPT = 10_000;

/**
 * The consumer links an app signed in the last day, by complaint (`deps.consumerLinks`; one
 * per app, never shared: a link is signed with that app's keys). Oldest out past 10,000.
 */
export class ConsumerLinks {
  readonly #links = new Map<string, { url: string; signedAt: number }>();

  /** The link signed for the complaint less than a day before `now`, if any. */
  recent(complaintId: string, now: number): string | undefined {
    const recent = this.#links.get(complaintId);
    return recent && now - recent.signedAt < LINK_REUSE_MS && now >= recent.signedAt ? recent.url : undefined;
  }

  remember(complaintId: string, url: string, signedAt: number): void {
    this.#links.delete(complaintId);
    if (this.#links.size >= LINKS_KEPT) this.#links.delete(this.#links.keys().next().value!);
    this.#links.set(complaintId, { url, signedAt });
  }

  get size(): number {
    return this.#links.size;
  }
}

/** The short code's alphabet: Crockford's base 32 in lower case (no i, l, o, u to misread). */
const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10;
/** A short consumer link's code: 10 characters, 50 random bits. */
export const CONSUMER_CODE = /^[0-9a-hjkmnp-tv-z]{10}$/;

function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte & 31];
  return code;
}

/**
 * The consumer's link to a complaint: a short code (`/c/k3v9q2m8xa`, about 10 characters
 * instead of a 330-character signed token, so that an SMS fits), stored in `consumer_links`
 * with the signed token's claims — the one complaint it opens and when it expires (30 days) —
 * by the notice that sends it (`notifyConsumer`, in the action's transaction: a link is stored
 * only with an SMS that carries it, and only for a complaint that exists). Made before the
 * transaction opens. A complaint's messages of the same day carry the same link (the consumer
 * sees one link, not a new one per SMS).
 */
export async function consumerLink(
  ctx: Pick<ServiceContext, 'clock' | 'config' | 'consumerLinks'>,
  complaintId: string,
): Promise<string> {
  const now = ctx.clock.now();
  const recent = ctx.consumerLinks.recent(complaintId, now);
  if (recent !== undefined) return recent;
  const url = `${ctx.config.publicUrl}/c/${newCode()}`;
  ctx.consumerLinks.remember(complaintId, url, now);
  return url;
}

/**
 * The complaint a short link's code opens, while it has not expired. An unknown or expired
 * code is `Unauthenticated`, exactly as a tampered or expired signed link (the same page).
 */
export async function resolveConsumerCode(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  code: string,
): Promise<string> {
  if (!CONSUMER_CODE.test(code)) throw new Unauthenticated('the link is not valid');
  const row = await ctx.db
    .selectFrom('consumer_links')
    .select(['complaint_id', 'expires_at'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= ctx.clock.now()) throw new Unauthenticated('the link is not valid');
  return row.complaint_id;
}

/**
 * The complaint a consumer link opens: a short code the SMS carries (`consumer_links`: its
 * complaint and expiry) or a signed token (the links sent before the codes, and the API's own).
 * An expired, tampered, unknown or foreign link is `Unauthenticated`. Every route of the link,
 * page or API, reads it here.
 */
export function consumerComplaintOf(
  deps: Pick<ServiceContext, 'db' | 'clock' | 'keys'>,
  token: string,
): Promise<string> {
  return CONSUMER_CODE.test(token)
    ? resolveConsumerCode(deps, token)
    : verifyConsumerLink(deps.keys, deps.clock, token);
}

/**
 * Tells the consumer something happened, through the commission's notification channel.
 * Development and tests keep the message in `notifications` (staff can read it) and the log;
 * a production SMS adapter reads the same table. Merchants never see the link.
 */
export async function notifyConsumer(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'config' | 'log'>,
  row: ComplaintRow,
  link: string,
  kind: NoticeKind,
  detail: string,
): Promise<void> {
  if (row.consumer_phone === null) return;
  const now = ctx.clock.now();
  // The link's code, stored with its claims the first time an SMS carries it (the same day's
  // messages share it: the first one's row stays, with its expiry).
  const code = link.slice(link.lastIndexOf('/') + 1);
  if (CONSUMER_CODE.test(code)) {
    await trx
      .insertInto('consumer_links')
      .values({
        code,
        complaint_id: row.id,
        expires_at: now + CONSUMER_LINK_TTL_SECONDS * 1000,
        created_at: now,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  // One SMS when it fits (70 characters of Chinese), two at most: the detail is cut on a word.
  const body = fitSms({ head: `【消保委】${TEXTS[kind]}（${row.reference}）`, detail, tail: ` ${link}` });
  await insertRows(trx, 'notifications', [
    {
      id: newId('notification', now),
      complaint_id: row.id,
      channel: 'sms',
      recipient: row.consumer_phone,
      body,
      link,
      created_at: now,
    },
  ]);
  if (ctx.config.mode === 'development')
    ctx.log.info('consumer notified', { complaintId: row.id, kind, link });
}
