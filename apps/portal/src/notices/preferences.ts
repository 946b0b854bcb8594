import type { EventType, Role } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { NoticeChoice, NoticePreferenceRow } from './table';

/** The kinds of notice a user chooses about, in the order the settings page lists them. */
export const NOTICE_KINDS = [
  'assigned',
  'due_soon',
  'breached',
  'consumer_replied',
  'proposal_answered',
  'escalated',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_CHOICES: readonly NoticeChoice[] = ['immediate', 'mine', 'digest', 'off'];

/**
 * The team feature's event (a complaint's new owner among the merchant's users), named as a
 * string so that notices work with and without it in core's EVENT_TYPES.
 */
export const OWNER_CHANGED = 'complaint.owner_changed';

/** The events that make a notice, and its kind. */
export const KIND_OF_EVENT: Partial<Record<EventType | typeof OWNER_CHANGED, NoticeKind>> = {
  'complaint.assigned': 'assigned',
  // Made the owner by a colleague (the team feature's event): told to that user only.
  [OWNER_CHANGED]: 'assigned',
  'complaint.sla_due_soon': 'due_soon',
  'complaint.sla_breached': 'breached',
  'complaint.commission_due_soon': 'due_soon',
  'complaint.commission_breached': 'breached',
  'complaint.consumer_replied': 'consumer_replied',
  'complaint.proposal_answered': 'proposal_answered',
  'complaint.escalated': 'escalated',
};

/** Who gets notices at all: the merchants' users and the commission's staff (not station operators). */
export const NOTICE_ROLES: readonly Role[] = [
  'merchant_agent',
  'merchant_admin',
  'commission_staff',
  'commission_admin',
];

const MERCHANT = new Set<Role>(['merchant_agent', 'merchant_admin']);
export const isMerchantRole = (role: Role) => MERCHANT.has(role);

/** The kinds a role can get: staff are not told of assignments (they make them). */
export function kindsFor(role: Role): readonly NoticeKind[] {
  if (isMerchantRole(role)) return NOTICE_KINDS;
  if (role === 'commission_staff' || role === 'commission_admin')
    return NOTICE_KINDS.filter((k) => k !== 'assigned');
  return [];
}

/** The choices a role can make: `mine` (the owner at once, the others in the digest) is the merchants'. */
export function choicesFor(role: Role): readonly NoticeChoice[] {
  return isMerchantRole(role) ? NOTICE_CHOICES : NOTICE_CHOICES.filter((c) => c !== 'mine');
}

/**
 * The defaults per role (docs/notices.md): an agent hears at once of what is theirs (or of
 * everything while nobody owns a complaint) and of the rest in the digest; an admin gets the
 * breaches and escalations at once and the day's flow in the digest; staff handling the
 * commission's queues get escalations, breaches and answers to proposals at once; a commission
 * admin gets the digest of escalations and breaches.
 */
export const DEFAULT_CHOICES: Partial<Record<Role, Record<NoticeKind, NoticeChoice>>> = {
  merchant_agent: {
    assigned: 'mine',
    due_soon: 'mine',
    breached: 'mine',
    consumer_replied: 'mine',
    proposal_answered: 'mine',
    escalated: 'mine',
  },
  merchant_admin: {
    assigned: 'mine',
    due_soon: 'digest',
    breached: 'immediate',
    consumer_replied: 'digest',
    proposal_answered: 'digest',
    escalated: 'immediate',
  },
  commission_staff: {
    assigned: 'off',
    due_soon: 'digest',
    breached: 'immediate',
    consumer_replied: 'digest',
    proposal_answered: 'immediate',
    escalated: 'immediate',
  },
  commission_admin: {
    assigned: 'off',
    due_soon: 'off',
    breached: 'digest',
    consumer_replied: 'off',
    proposal_answered: 'off',
    escalated: 'digest',
  },
};

/** 09:00 Shanghai. */
export const DEFAULT_DIGEST_MINUTE = 9 * 60;

export interface NoticeSettings {
  lang: 'zh-CN' | 'en';
  digestMinute: number;
  choices: Record<NoticeKind, NoticeChoice>;
}

function parseChoices(json: string | null | undefined): Partial<Record<NoticeKind, NoticeChoice>> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const out: Partial<Record<NoticeKind, NoticeChoice>> = {};
    for (const k of NOTICE_KINDS) {
      const v = parsed[k];
      if (typeof v === 'string' && (NOTICE_CHOICES as readonly string[]).includes(v))
        out[k] = v as NoticeChoice;
    }
    return out;
  } catch {
    return {};
  }
}

/** A user's settings: what they chose over their role's defaults. */
export function settingsOf(
  role: Role,
  row: Pick<NoticePreferenceRow, 'lang' | 'digest_minute' | 'choices'> | null | undefined,
): NoticeSettings {
  const defaults = DEFAULT_CHOICES[role];
  const chosen = parseChoices(row?.choices);
  const allowed = new Set(kindsFor(role));
  const roleChoices = new Set(choicesFor(role));
  const choices = {} as Record<NoticeKind, NoticeChoice>;
  for (const k of NOTICE_KINDS) {
    const c = chosen[k] ?? defaults?.[k] ?? 'off';
    choices[k] = !allowed.has(k) ? 'off' : roleChoices.has(c) ? c : 'immediate';
  }
  return {
    lang: row?.lang === 'en' ? 'en' : 'zh-CN',
    digestMinute: row?.digest_minute ?? DEFAULT_DIGEST_MINUTE,
    choices,
  };
}

/** What one event comes to for a user: a mail now, a line in the digest, or nothing. */
export function deliveryOf(
  choice: NoticeChoice,
  userId: string,
  ownerId: string | null,
): 'immediate' | 'digest' | null {
  if (choice === 'off') return null;
  if (choice === 'immediate') return 'immediate';
  if (choice === 'digest') return 'digest';
  // `mine`: at once for the complaint's owner, or for everyone while nobody owns it.
  return ownerId === null || ownerId === userId ? 'immediate' : 'digest';
}

export async function readSettings(
  db: Kysely<Database>,
  userId: string,
  role: Role,
): Promise<NoticeSettings> {
  const row = await db
    .selectFrom('notice_preferences')
    .select(['lang', 'digest_minute', 'choices'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return settingsOf(role, row);
}

/** Saves a user's settings: only the choices that differ from the role's default are kept. */
export async function saveSettings(
  db: Kysely<Database>,
  userId: string,
  role: Role,
  settings: NoticeSettings,
  now: number,
): Promise<void> {
  const defaults = DEFAULT_CHOICES[role];
  const changed: Partial<Record<NoticeKind, NoticeChoice>> = {};
  for (const k of kindsFor(role)) if (settings.choices[k] !== defaults?.[k]) changed[k] = settings.choices[k];
  const values = {
    lang: settings.lang,
    digest_minute: settings.digestMinute,
    choices: JSON.stringify(changed),
    updated_at: now,
  };
  await db
    .insertInto('notice_preferences')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}
