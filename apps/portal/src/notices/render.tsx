import {
  type Complaint,
  type EventType,
  nextDeadline,
  type Role,
  type TypedEvent,
  toIso,
  type WorkingCalendar,
} from '@redress/core';
import type { Child } from 'hono/jsx';
import { timeLeft, timeLeftText } from '../sla';
import { deadlineText } from '../web/components';
import { type Lang, type MessageKey, type Translate, translator } from '../web/i18n';
import { isMerchantRole, OWNER_CHANGED } from './preferences';

/** A mail as it is sent: the subject, the plain-text part and the HTML part. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The complaint it is about (the first one, for a digest). */
  complaintId: string | null;
  /** The complaint page's address (the first one, for a digest). */
  link: string | null;
}

/** What the mails are made of: where the portal is, when it is, and the calendar. */
export interface RenderContext {
  publicUrl: string;
  now: number;
  calendar: WorkingCalendar;
}

/** One event told to one user: the words and the complaint. */
interface Told {
  subject: string;
  what: string;
  /** The consumer's words, quoted (a reply, a rejection's comment). */
  quote: string | null;
  complaint: Complaint;
  deadline: string;
  link: string;
}

const IMMEDIATE_SUBJECT_MAX = 120;

const HOUR_MS = 3_600_000;

/** How long ago a commission deadline passed, or that it is running. */
function commissionLeft(dueAt: number, now: number, t: Translate): string {
  const diff = dueAt - now;
  if (diff > 0) return t('sla.state.on_track');
  const hours = Math.max(1, Math.floor(-diff / HOUR_MS));
  return hours < 24
    ? t('sla.overdue.hours', { n: hours })
    : t('sla.overdue.days', { n: Math.floor(hours / 24) });
}

/**
 * The deadline that matters to the reader, as the complaint page says it: the merchant's next
 * deadline (受理时限 / 和解时限, "by 2026-12-02 24:00", "2 working days left"); for staff the
 * commission's deadline running (the acceptance decision, or the mediation).
 */
export function deadlineLine(c: Complaint, staff: boolean, ctx: RenderContext, t: Translate): string {
  if (staff) {
    const running =
      c.commission.accept.doneAt === null && c.commission.accept.dueAt !== null
        ? { stage: t('staff.stage.accept'), dueAt: c.commission.accept.dueAt }
        : c.commission.mediation && c.commission.mediation.doneAt === null && c.commission.mediation.dueAt
          ? { stage: t('staff.stage.mediation'), dueAt: c.commission.mediation.dueAt }
          : null;
    if (running === null) return t('notices.mail.noDeadline');
    return t('notices.mail.deadlineValue', {
      stage: running.stage,
      date: deadlineText(running.dueAt),
      left: commissionLeft(Date.parse(running.dueAt), ctx.now, t),
    });
  }
  const sla = c.sla;
  if (sla === null) return t('notices.mail.noDeadline');
  const next = nextDeadline({
    status: c.status,
    acknowledgeDueAt: sla.acknowledgeDueAt === null ? null : Date.parse(sla.acknowledgeDueAt),
    settleDueAt: sla.settleDueAt === null ? null : Date.parse(sla.settleDueAt),
    stoppedAt: sla.stoppedAt === null ? null : Date.parse(sla.stoppedAt),
  });
  const left = timeLeftText(timeLeft(c, ctx.now, ctx.calendar), t);
  if (next === null)
    return sla.state === 'paused' || sla.state === 'overdue' ? left : t('notices.mail.noDeadline');
  return t('notices.mail.deadlineValue', {
    stage: t(next.stage === 'acknowledge' ? 'complaint.acknowledgeDue' : 'complaint.settleDue'),
    date: deadlineText(toIso(next.dueAt)),
    left,
  });
}

function stageName(type: EventType, stage: string | null, t: Translate): string {
  if (type === 'complaint.commission_due_soon' || type === 'complaint.commission_breached')
    return t(stage === 'mediation' ? 'staff.stage.mediation' : 'staff.stage.accept');
  return t(stage === 'acknowledge' ? 'complaint.acknowledgeDue' : 'complaint.settleDue');
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** What an event says to one reader. */
function tell(e: TypedEvent, role: Role, ctx: RenderContext, t: Translate): Told | null {
  const complaint = e.data.object as Complaint;
  if (!complaint || typeof complaint !== 'object' || !('reference' in complaint)) return null;
  const staff = !isMerchantRole(role);
  const names = { reference: complaint.reference, subject: oneLine(complaint.subject) };
  let key: string;
  let what: string;
  let quote: string | null = null;
  if ((e.type as string) === OWNER_CHANGED) {
    if (!(e.data as { owner?: unknown }).owner) return null;
    return {
      subject: t('notices.mail.subject.owner_changed', names),
      what: t('notices.mail.what.owner_changed'),
      quote,
      complaint,
      deadline: deadlineLine(complaint, staff, ctx, t),
      link: `${ctx.publicUrl}/complaints/${complaint.id}`,
    };
  }
  switch (e.type) {
    case 'complaint.assigned':
      key = 'assigned';
      what = t('notices.mail.what.assigned');
      break;
    case 'complaint.sla_due_soon':
    case 'complaint.sla_breached':
    case 'complaint.commission_due_soon':
    case 'complaint.commission_breached': {
      key = e.type.slice('complaint.'.length);
      what = t(`notices.mail.what.${key}` as MessageKey, { stage: stageName(e.type, e.data.stage, t) });
      break;
    }
    case 'complaint.consumer_replied':
      key = 'consumer_replied';
      what = t('notices.mail.what.consumer_replied');
      quote = e.data.reply.body;
      break;
    case 'complaint.proposal_answered':
      key = e.data.accepted ? 'proposal_accepted' : 'proposal_rejected';
      what = t(`notices.mail.what.${key}` as MessageKey);
      quote = e.data.comment;
      break;
    case 'complaint.escalated':
      key = 'escalated';
      what = t('notices.mail.what.escalated', { cause: t(`event.cause.${e.data.cause}` as MessageKey) });
      break;
    default:
      return null;
  }
  return {
    subject: t(`notices.mail.subject.${key}` as MessageKey, names),
    what,
    quote,
    complaint,
    deadline: deadlineLine(complaint, staff, ctx, t),
    link: `${ctx.publicUrl}/complaints/${complaint.id}`,
  };
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function textBlock(told: Told, t: Translate): string {
  const lines = [told.what];
  if (told.quote) lines.push(`> ${told.quote.split('\n').join('\n> ')}`);
  lines.push(
    '',
    `${t('notices.mail.reference')}: ${told.complaint.reference}`,
    `${t('notices.mail.subject')}: ${oneLine(told.complaint.subject)}`,
    `${t('notices.mail.deadline')}: ${told.deadline}`,
    `${t('notices.mail.open')}: ${told.link}`,
  );
  return lines.join('\n');
}

function HtmlBlock({ told, t }: { told: Told; t: Translate }) {
  return (
    <div style="margin:0 0 24px 0">
      <p style="margin:0 0 8px 0">{told.what}</p>
      {told.quote ? (
        <blockquote style="margin:0 0 8px 0;padding-left:12px;border-left:3px solid #ccc;white-space:pre-wrap">
          {told.quote}
        </blockquote>
      ) : null}
      <table cellpadding="4" style="border-collapse:collapse">
        <tr>
          <th align="left">{t('notices.mail.reference')}</th>
          <td>{told.complaint.reference}</td>
        </tr>
        <tr>
          <th align="left">{t('notices.mail.subject')}</th>
          <td>{oneLine(told.complaint.subject)}</td>
        </tr>
        <tr>
          <th align="left">{t('notices.mail.deadline')}</th>
          <td>{told.deadline}</td>
        </tr>
      </table>
      <p style="margin:8px 0 0 0">
        <a href={told.link}>{t('notices.mail.open')}</a>
      </p>
    </div>
  );
}

function HtmlMail({
  lang,
  title,
  children,
  footer,
}: {
  lang: Lang;
  title: string;
  children: Child;
  footer: string;
}) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
      </head>
      <body style="font-family:sans-serif;font-size:15px;line-height:1.5;color:#222">
        {children}
        <hr />
        <p style="font-size:13px;color:#555">{footer}</p>
      </body>
    </html>
  );
}

const doctype = (html: unknown) => `<!doctype html>${String(html)}`;

/** The mail of one event to one user, in their language; null when the event tells them nothing. */
export function renderEventMail(
  e: TypedEvent,
  reader: { role: Role; lang: Lang },
  ctx: RenderContext,
): RenderedMail | null {
  const t = translator(reader.lang);
  const told = tell(e, reader.role, ctx, t);
  if (told === null) return null;
  const footer = t('notices.mail.footer', { url: `${ctx.publicUrl}/settings/notices` });
  const subject = cut(told.subject, IMMEDIATE_SUBJECT_MAX);
  return {
    subject,
    text: `${textBlock(told, t)}\n\n-- \n${footer}\n`,
    html: doctype(
      <HtmlMail lang={reader.lang} title={subject} footer={footer}>
        <HtmlBlock told={told} t={t} />
      </HtmlMail>,
    ),
    complaintId: told.complaint.id,
    link: told.link,
  };
}

/** A user's digest: every event since the last one, in order; null when none tells them anything. */
export function renderDigestMail(
  events: readonly TypedEvent[],
  day: string,
  reader: { role: Role; lang: Lang },
  ctx: RenderContext,
): RenderedMail | null {
  const t = translator(reader.lang);
  const told = events.map((e) => tell(e, reader.role, ctx, t)).filter((x): x is Told => x !== null);
  const first = told[0];
  if (first === undefined) return null;
  const footer = t('notices.mail.footer', { url: `${ctx.publicUrl}/settings/notices` });
  const subject = t('notices.digest.subject', { date: day, n: told.length });
  const text = [
    t('notices.digest.intro'),
    ...told.map((x, i) => `\n${i + 1}. ${x.subject}\n${textBlock(x, t)}`),
    `\n-- \n${footer}\n`,
  ].join('\n');
  return {
    subject,
    text,
    html: doctype(
      <HtmlMail lang={reader.lang} title={subject} footer={footer}>
        <p>{t('notices.digest.intro')}</p>
        {told.map((x) => (
          <>
            <h2 style="font-size:16px;margin:16px 0 8px 0">{x.subject}</h2>
            <HtmlBlock told={x} t={t} />
          </>
        ))}
      </HtmlMail>,
    ),
    complaintId: first.complaint.id,
    link: first.link,
  };
}
