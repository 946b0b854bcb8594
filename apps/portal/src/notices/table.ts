import type { Selectable } from 'kysely';

/** How a user gets one kind of notice (docs/notices.md). */
export type NoticeChoice = 'immediate' | 'mine' | 'digest' | 'off';

/** A user's notice settings; a user without a row has their role's defaults. */
export interface NoticePreferenceTable {
  user_id: string;
  /** The language of their mails: `zh-CN` or `en`. */
  lang: 'zh-CN' | 'en';
  /** When their daily digest is sent: minutes after midnight, Shanghai time. */
  digest_minute: number;
  /** JSON: `{ kind: choice }` for the kinds they changed; the others follow the role's default. */
  choices: string;
  updated_at: number;
}
export type NoticePreferenceRow = Selectable<NoticePreferenceTable>;

/** One mail to one user: of one event (sent at once), or a day's digest. */
export interface NoticeMailTable {
  id: string;
  user_id: string;
  /** The event it tells of (an immediate notice); null for a digest. */
  event_id: string | null;
  /** The digest it is (null for an immediate notice). */
  digest_id: string | null;
  status: 'pending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  /** When the job may try it next; null once it is done. */
  next_attempt_at: number | null;
  lease_until: number | null;
  lease_owner: string | null;
  last_error: string | null;
  /** Where it went: `smtp` or `log` (no SMTP configured: the notifications table and the log). */
  transport: string | null;
  created_at: number;
  sent_at: number | null;
}
export type NoticeMailRow = Selectable<NoticeMailTable>;

/** An event waiting for a user's next digest (digest_id null), or listed in one. */
export interface NoticeDigestItemTable {
  user_id: string;
  event_id: string;
  created_at: number;
  digest_id: string | null;
}

/** A user's digest of one day (Shanghai): at most one per user and day (unique). */
export interface NoticeDigestTable {
  id: string;
  user_id: string;
  /** `YYYY-MM-DD`, Shanghai. */
  day: string;
  /** The user's digest time that day: it lists the events before it. */
  slot_at: number;
  created_at: number;
}
