import { type Complaint, newId, type Role } from '@redress/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { type EventListener, insertRows, type WrittenEvent } from '../events';
import {
  deliveryOf,
  KIND_OF_EVENT,
  kindsFor,
  type NoticeKind,
  OWNER_CHANGED,
  settingsOf,
} from './preferences';
import type { NoticeDigestItemTable, NoticeMailTable } from './table';

/** Merchant ids per users query (bound variables again). */
const MERCHANT_CHUNK = 500;
const STAFF: Role[] = ['commission_staff', 'commission_admin'];

/** The events each side hears of: the merchant's users of their complaints, staff of their queues. */
const MERCHANT_SIDE = new Set<string>([
  'complaint.assigned',
  OWNER_CHANGED,
  'complaint.sla_due_soon',
  'complaint.sla_breached',
  'complaint.consumer_replied',
  'complaint.proposal_answered',
  'complaint.escalated',
]);

function inMediation(c: Complaint): boolean {
  return c.commission.mediation !== null;
}

/** Whether staff hear of an event: the commission's deadlines, escalations, and the parties' words in mediation. */
function staffSide(e: WrittenEvent): boolean {
  switch (e.type) {
    case 'complaint.commission_due_soon':
    case 'complaint.commission_breached':
    case 'complaint.escalated':
      return true;
    case 'complaint.consumer_replied':
      return inMediation(e.data.object) && e.data.object.commission.mediation?.doneAt === null;
    case 'complaint.proposal_answered':
      return inMediation(e.data.object);
    default:
      return false;
  }
}

/**
 * The complaint's owner among the merchant's users, when the complaint object carries one
 * (`owner`: an id, or an object with `id`); null while nobody owns it.
 */
export function ownerIdOf(c: Complaint): string | null {
  const owner = (c as { owner?: unknown }).owner;
  if (typeof owner === 'string') return owner;
  if (owner && typeof owner === 'object' && typeof (owner as { id?: unknown }).id === 'string')
    return (owner as { id: string }).id;
  return null;
}

interface Recipient {
  id: string;
  role: Role;
  merchant_id: string | null;
  lang: string | null;
  digest_minute: number | null;
  choices: string | null;
}

async function recipients(
  trx: Kysely<Database>,
  merchantIds: string[],
  staff: boolean,
): Promise<{ byMerchant: Map<string, Recipient[]>; staff: Recipient[] }> {
  const byMerchant = new Map<string, Recipient[]>();
  const staffUsers: Recipient[] = [];
  const select = () =>
    trx
      .selectFrom('users as u')
      .leftJoin('notice_preferences as p', 'p.user_id', 'u.id')
      .select(['u.id', 'u.role', 'u.merchant_id', 'p.lang', 'p.digest_minute', 'p.choices'])
      .where('u.disabled_at', 'is', null);
  for (let i = 0; i < merchantIds.length; i += MERCHANT_CHUNK) {
    const rows = await select()
      .where('u.merchant_id', 'in', merchantIds.slice(i, i + MERCHANT_CHUNK))
      .execute();
    for (const r of rows) {
      const list = byMerchant.get(r.merchant_id!);
      if (list) list.push(r);
      else byMerchant.set(r.merchant_id!, [r]);
    }
  }
  if (staff) {
    const rows = await select()
      .where('u.merchant_id', 'is', null)
      .where('u.station_id', 'is', null)
      .where('u.role', 'in', STAFF)
      .execute();
    staffUsers.push(...rows);
  }
  return { byMerchant, staff: staffUsers };
}

/**
 * Writes the notice mails of events to people (docs/notices.md): for each event of a kind in
 * `KIND_OF_EVENT`, each user who hears of it (the merchant's users, staff for the commission's
 * queues) gets, by their choice for that kind, a mail waiting for the delivery job, a line in
 * their next digest, or nothing. Runs inside the events' transaction (`deps.eventListeners`), so
 * an event and its notices commit together; the mails are written when they are sent.
 * The person who did the thing is not told of it.
 */
export const writeNotices: EventListener = async (trx, events) => {
  const merchantIds = new Set<string>();
  let staff = false;
  const relevant: { e: WrittenEvent; kind: NoticeKind; merchant: boolean; staff: boolean }[] = [];
  for (const e of events) {
    const kind = KIND_OF_EVENT[e.type];
    if (kind === undefined) continue;
    const merchant = e.merchantId !== null && MERCHANT_SIDE.has(e.type);
    const toStaff = staffSide(e);
    if (!merchant && !toStaff) continue;
    if (merchant) merchantIds.add(e.merchantId!);
    staff ||= toStaff;
    relevant.push({ e, kind, merchant, staff: toStaff });
  }
  if (relevant.length === 0) return;
  const people = await recipients(trx, [...merchantIds], staff);
  const mails: NoticeMailTable[] = [];
  const items: NoticeDigestItemTable[] = [];
  for (const { e, kind, merchant, staff: toStaff } of relevant) {
    const at = Date.parse(e.createdAt);
    const owner = ownerIdOf(e.data.object as Complaint);
    const actorId = e.actor.kind === 'user' ? e.actor.id : null;
    let audience = [
      ...(merchant ? (people.byMerchant.get(e.merchantId!) ?? []) : []),
      ...(toStaff ? people.staff : []),
    ];
    // A new owner is told that the complaint is now theirs; nobody else is.
    if ((e.type as string) === OWNER_CHANGED) {
      const newOwner = (e.data as { owner?: { id?: string } | null }).owner?.id;
      audience = audience.filter((u) => u.id === newOwner);
    }
    for (const u of audience) {
      if (u.id === actorId || !kindsFor(u.role).includes(kind)) continue;
      const settings = settingsOf(
        u.role,
        u.choices === null
          ? null
          : {
              lang: u.lang === 'en' ? 'en' : 'zh-CN',
              digest_minute: u.digest_minute ?? 0,
              choices: u.choices,
            },
      );
      const how = deliveryOf(settings.choices[kind], u.id, owner);
      if (how === 'immediate') {
        mails.push({
          id: newId('noticeMail', at),
          user_id: u.id,
          event_id: e.id,
          digest_id: null,
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          lease_until: null,
          lease_owner: null,
          last_error: null,
          transport: null,
          created_at: at,
          sent_at: null,
        });
      } else if (how === 'digest') {
        items.push({ user_id: u.id, event_id: e.id, created_at: at, digest_id: null });
      }
    }
  }
  await insertRows(trx, 'notice_mails', mails, { onConflict: 'nothing' });
  await insertRows(trx, 'notice_digest_items', items, { onConflict: 'nothing' });
};
