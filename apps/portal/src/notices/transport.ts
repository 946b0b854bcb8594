import nodemailer from 'nodemailer';
import type { AppDeps } from '../context';

/** A mail ready to send. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Ours, the same on every attempt, so a receiver can tell a retry from a new mail. */
  messageId: string;
}

export type SendOutcome = { ok: true } | { ok: false; error: string };

type Transporter = ReturnType<typeof nodemailer.createTransport>;
const transports = new WeakMap<AppDeps, Transporter>();

/** The runtime's SMTP transport (made when first needed), or null without `REDRESS_SMTP_URL`. */
function transportOf(deps: AppDeps): Transporter | null {
  const url = deps.config.smtpUrl;
  if (!url) return null;
  let t = transports.get(deps);
  if (!t) {
    t = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    transports.set(deps, t);
  }
  return t;
}

/** Whether mails are sent over SMTP (else they go to the notifications table and the log). */
export const smtpConfigured = (deps: AppDeps) => Boolean(deps.config.smtpUrl);

/** The host of Message-IDs: the portal's own. */
export function messageIdHost(deps: AppDeps): string {
  try {
    return new URL(deps.config.publicUrl).hostname || 'redress.local';
  } catch {
    return 'redress.local';
  }
}

/** Sends one mail over SMTP; never throws. */
export async function sendOverSmtp(deps: AppDeps, mail: OutgoingMail): Promise<SendOutcome> {
  const transport = transportOf(deps);
  if (transport === null) return { ok: false, error: 'no SMTP configured' };
  try {
    await transport.sendMail({
      from: deps.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return { ok: true };
  } catch (err) {
    const e = err as { message?: string; responseCode?: number };
    const error = `${e.responseCode ? `${e.responseCode} ` : ''}${String(e.message ?? err)}`.slice(0, 500);
    return { ok: false, error };
  }
}

/** Closes the runtime's SMTP transport (on stop). */
export function closeTransport(deps: AppDeps): void {
  transports.get(deps)?.close();
  transports.delete(deps);
}
