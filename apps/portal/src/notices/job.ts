import { randomBytes } from 'node:crypto';
import { newId, type Role, SHANGHAI_OFFSET_MS } from '@redress/core';
import type { AppDeps } from '../context';
import { insertRows, toEvent } from '../events';
import type { Job } from '../jobs/runner';
import { describeError } from '../logger';
import type { Lang } from '../web/i18n';
import { DEFAULT_DIGEST_MINUTE } from './preferences';
import { type RenderedMail, renderDigestMail, renderEventMail } from './render';
import { closeTransport, messageIdHost, type SendOutcome, sendOverSmtp, smtpConfigured } from './transport';

/** Mails claimed per pass, sent side by side. */
const BATCH = 20;
/** Far longer than one send can take (10 s to connect, 30 s of silence at most). */
export const MAIL_LEASE_MS = 120_000;
/** The waits after each failed attempt; after the last the mail is given up (about 16 hours in all). */
export const RETRY_DELAYS_MS = [
  30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000,
];

/**
 * An event older than this when its mail is first tried is not told any more (nor listed in a
 * digest): the demo seed's weeks of history, or a worker that was down for days, would
 * otherwise flood people with news they no longer need.
 */
export const STALE_MS = 3 * 86_400_000;

interface ClaimedMail {
  id: string;
  user_id: string;
  event_id: string | null;
  digest_id: string | null;
  attempts: number;
}

/**
 * Claims up to `limit` due mails for `owner` until `now + leaseMs`, as the webhook deliveries
 * are claimed: one UPDATE, which on PostgreSQL skips rows another worker is claiming.
 */
async function claimMails(deps: AppDeps, owner: string, limit: number): Promise<ClaimedMail[]> {
  const now = deps.clock.now();
  const due = deps.db
    .selectFrom('notice_mails')
    .select('id')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(limit);
  return deps.db
    .updateTable('notice_mails')
    .set({ lease_until: now + MAIL_LEASE_MS, lease_owner: owner })
    .where('id', 'in', deps.dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .returning(['id', 'user_id', 'event_id', 'digest_id', 'attempts'])
    .execute();
}

interface Reader {
  email: string;
  role: Role;
  lang: Lang;
  disabled: boolean;
}

async function readerOf(deps: AppDeps, userId: string): Promise<Reader | null> {
  const row = await deps.db
    .selectFrom('users as u')
    .leftJoin('notice_preferences as p', 'p.user_id', 'u.id')
    .select(['u.email', 'u.role', 'u.disabled_at', 'p.lang'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    email: row.email,
    role: row.role,
    lang: row.lang === 'en' ? 'en' : 'zh-CN',
    disabled: row.disabled_at !== null,
  };
}

/** The day (Shanghai) of an instant, `YYYY-MM-DD`. */
export const shanghaiDay = (at: number) => new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

async function render(deps: AppDeps, mail: ClaimedMail, reader: Reader): Promise<RenderedMail | null> {
  const now = deps.clock.now();
  const ctx = {
    publicUrl: deps.config.publicUrl.replace(/\/+$/, ''),
    now,
    calendar: await deps.calendars.get(now),
  };
  if (mail.event_id !== null) {
    const row = await deps.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', mail.event_id)
      .executeTakeFirst();
    if (!row || (mail.attempts === 0 && row.created_at < now - STALE_MS)) return null;
    return renderEventMail(toEvent(row), reader, ctx);
  }
  if (mail.digest_id === null) return null;
  const digest = await deps.db
    .selectFrom('notice_digests')
    .select(['day', 'slot_at'])
    .where('id', '=', mail.digest_id)
    .executeTakeFirst();
  // A digest lists the three days before its time at most.
  const since = (digest?.slot_at ?? now) - STALE_MS;
  const rows = await deps.db
    .selectFrom('notice_digest_items as i')
    .innerJoin('events as e', 'e.id', 'i.event_id')
    .selectAll('e')
    .where('i.digest_id', '=', mail.digest_id)
    .where('e.created_at', '>=', since)
    .orderBy('e.seq')
    .execute();
  return renderDigestMail(rows.map(toEvent), digest?.day ?? shanghaiDay(now), reader, ctx);
}

type Result =
  | { kind: 'sent'; transport: 'smtp' | 'log'; rendered: RenderedMail; to: string }
  | { kind: 'dropped'; why: string }
  | { kind: 'failed'; error: string };

/**
 * Writes what one attempt came to, if this worker still holds the lease: sent (over SMTP, or
 * without SMTP into `notifications` and the log), dropped (nobody to tell), or failed (retried
 * after the next delay, given up after the last).
 */
async function record(deps: AppDeps, mail: ClaimedMail, owner: string, result: Result): Promise<void> {
  const now = deps.clock.now();
  const attempts = mail.attempts + 1;
  await deps.transact(async (trx) => {
    const base = { attempts, lease_until: null, lease_owner: null };
    const set =
      result.kind === 'sent'
        ? {
            ...base,
            status: 'sent' as const,
            next_attempt_at: null,
            sent_at: now,
            transport: result.transport,
            last_error: null,
          }
        : result.kind === 'dropped'
          ? { ...base, status: 'dropped' as const, next_attempt_at: null, last_error: result.why }
          : attempts > RETRY_DELAYS_MS.length
            ? { ...base, status: 'failed' as const, next_attempt_at: null, last_error: result.error }
            : {
                ...base,
                status: 'pending' as const,
                next_attempt_at: now + RETRY_DELAYS_MS[attempts - 1]!,
                last_error: result.error,
              };
    const updated = await trx
      .updateTable('notice_mails')
      .set(set)
      .where('id', '=', mail.id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    // The lease ran out and another worker took the mail over: its result counts, not ours.
    if (updated.numUpdatedRows === 0n) return;
    if (result.kind === 'sent' && result.transport === 'log' && result.rendered.complaintId !== null) {
      await insertRows(trx, 'notifications', [
        {
          id: newId('notification', now),
          complaint_id: result.rendered.complaintId,
          channel: 'email',
          recipient: result.to,
          body: `${result.rendered.subject}\n\n${result.rendered.text}`,
          link: result.rendered.link,
          created_at: now,
        },
      ]);
    }
  });
  if (result.kind === 'sent' && result.transport === 'log')
    deps.log.info('notice mail kept (no SMTP configured)', {
      mail: mail.id,
      to: result.to,
      subject: result.rendered.subject,
    });
  if (result.kind === 'failed')
    deps.log.warn('notice mail not sent', { mail: mail.id, attempts, error: result.error });
}

async function attempt(deps: AppDeps, mail: ClaimedMail): Promise<Result> {
  const reader = await readerOf(deps, mail.user_id);
  if (reader === null || reader.disabled) return { kind: 'dropped', why: 'the user is gone or disabled' };
  const rendered = await render(deps, mail, reader);
  if (rendered === null) return { kind: 'dropped', why: 'nothing to tell (or older than three days)' };
  if (!smtpConfigured(deps)) return { kind: 'sent', transport: 'log', rendered, to: reader.email };
  const sent: SendOutcome = await sendOverSmtp(deps, {
    to: reader.email,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: `<${mail.id}@${messageIdHost(deps)}>`,
  });
  return sent.ok
    ? { kind: 'sent', transport: 'smtp', rendered, to: reader.email }
    : { kind: 'failed', error: sent.error };
}

/** Sends one claimed mail and records it; never throws (an unrecorded one is retried after its lease). */
async function deliver(deps: AppDeps, mail: ClaimedMail, owner: string): Promise<void> {
  try {
    await record(deps, mail, owner, await attempt(deps, mail));
  } catch (err) {
    deps.log.error('notice mail failed', { mail: mail.id, ...describeError(err) });
  }
}

/** One pass: claims the due mails and sends them; says how many it claimed. */
export async function sendDueMails(deps: AppDeps, options: { limit?: number } = {}): Promise<number> {
  const owner = randomBytes(9).toString('base64url');
  const claimed = await claimMails(deps, owner, options.limit ?? BATCH);
  await Promise.all(claimed.map((m) => deliver(deps, m, owner)));
  return claimed.length;
}

/**
 * The slot of a user's digest at `now`: their digest time (minutes after midnight, Shanghai)
 * today if it has come, else yesterday's; and its day.
 */
export function digestSlot(now: number, minute: number): { at: number; day: string } {
  const DAY = 86_400_000;
  const midnight = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY) * DAY - SHANGHAI_OFFSET_MS;
  let at = midnight + minute * 60_000;
  if (at > now) at -= DAY;
  return { at, day: shanghaiDay(at) };
}

/**
 * One pass of the digests: for each user with events waiting whose digest time has come today
 * (Shanghai), claims the day's digest (unique per user and day: exactly one worker wins), takes
 * the events waiting from before that time into it and writes its mail for the delivery job,
 * in one transaction. Says how many digests it made.
 */
export async function makeDueDigests(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const waiting = await deps.db
    .selectFrom('notice_digest_items as i')
    .leftJoin('notice_preferences as p', 'p.user_id', 'i.user_id')
    .select(['i.user_id', 'p.digest_minute'])
    .distinct()
    .where('i.digest_id', 'is', null)
    .execute();
  let made = 0;
  for (const w of waiting) {
    const slot = digestSlot(now, w.digest_minute ?? DEFAULT_DIGEST_MINUTE);
    const done = await deps.transact(async (trx) => {
      const before = await trx
        .selectFrom('notice_digest_items')
        .select('event_id')
        .where('user_id', '=', w.user_id)
        .where('digest_id', 'is', null)
        .where('created_at', '<', slot.at)
        .limit(1)
        .executeTakeFirst();
      if (!before) return false;
      const id = newId('noticeDigest', now);
      const claimed = await insertRows(
        trx,
        'notice_digests',
        [{ id, user_id: w.user_id, day: slot.day, slot_at: slot.at, created_at: now }],
        { onConflict: 'nothing', returning: ['id'] },
      );
      // Another worker made this day's digest already: these events wait for tomorrow's.
      if (claimed.length === 0) return false;
      await trx
        .updateTable('notice_digest_items')
        .set({ digest_id: id })
        .where('user_id', '=', w.user_id)
        .where('digest_id', 'is', null)
        .where('created_at', '<', slot.at)
        .execute();
      await insertRows(trx, 'notice_mails', [
        {
          id: newId('noticeMail', now),
          user_id: w.user_id,
          event_id: null,
          digest_id: id,
          status: 'pending',
          attempts: 0,
          next_attempt_at: now,
          lease_until: null,
          lease_owner: null,
          last_error: null,
          transport: null,
          created_at: now,
          sent_at: null,
        },
      ]);
      return true;
    });
    if (done) made++;
  }
  return made;
}

/** The notice mails' delivery job, inside `serve` and in `redress worker`. */
export const noticeMailDelivery: Job = {
  name: 'notice-mail',
  intervalMs: 1_000,
  run: (runtime) => sendDueMails(runtime),
  drain: async (runtime) => closeTransport(runtime),
};

/** The daily digests: a pass a minute makes those whose time has come. */
export const noticeDigests: Job = {
  name: 'notice-digest',
  intervalMs: 60_000,
  run: async (runtime) => {
    await makeDueDigests(runtime);
    // Not "work left": a pass finds every digest due now; the next minute may bring more.
    return 0;
  },
};
