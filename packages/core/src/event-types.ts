import type { Alert } from './alerts';
import type { Attachment, MessageAttachment } from './attachments';
import type { RoutedBy } from './business';
import type { Complaint, Event, Settlement } from './schemas';
import type { CommissionStage } from './sla/commission';
import type { EscalationCause } from './sla/escalation';
import type { SlaStage } from './sla/sla-state';
import type { Outcome, Referral } from './taxonomy';

/**
 * Every event type Redress writes to its event log, the event feed and webhooks. A webhook
 * endpoint subscribes to some of these; anything else is refused when it is created.
 */
export const EVENT_TYPES = [
  'complaint.received',
  'complaint.assigned',
  'complaint.acknowledged',
  'complaint.message_sent',
  'complaint.info_requested',
  'complaint.consumer_replied',
  'complaint.proposed',
  'complaint.proposal_answered',
  'complaint.sla_due_soon',
  'complaint.sla_breached',
  'complaint.commission_due_soon',
  'complaint.commission_breached',
  'complaint.escalated',
  'complaint.settled',
  'complaint.referred',
  'complaint.closed',
  'complaint.withdrawn',
  'complaint.attachment_added',
  'complaint.owner_changed',
  'complaint.note_added',
  'complaint.returned',
  'complaint.merged',
  'complaint.duplicate_merged',
  'settlement.recorded',
  'alert.raised',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** The types of the events about one complaint, which carry it as `data.object`. */
export type ComplaintEventType = Extract<EventType, `complaint.${string}`>;

/** Whether `type` is one of `EVENT_TYPES`. */
export function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * What each event says beyond `data.object` (the resource after the change), by type: the
 * members of its `data` besides `object`. Writers (`appendEvent`) must give exactly these;
 * readers (timelines, the consumer's page) narrow on `type` and read them without guessing.
 */
export interface EventDetails {
  'complaint.received': Record<never, never>;
  /** `previousMerchantId` on a reassignment; absent when intake assigned it. */
  'complaint.assigned': { previousMerchantId?: string | null; routedBy?: RoutedBy };
  'complaint.acknowledged': Record<never, never>;
  /** `attachments`: the files the message carries (absent on events written before they could). */
  'complaint.message_sent': { message: { body: string; attachments?: MessageAttachment[] } };
  'complaint.info_requested': { infoRequest: { body: string; attachments?: MessageAttachment[] } };
  /** `via`: who recorded it, the consumer through the link or staff for them. */
  'complaint.consumer_replied': {
    reply: {
      body: string;
      via: 'user' | 'client' | 'consumer' | 'system';
      attachments?: MessageAttachment[];
    };
  };
  /** `afterDeadline`: made after the settle deadline, so the complaint went to mediation instead. */
  'complaint.proposed': {
    proposal: { outcome: Outcome; amountFen: number | null; terms: string };
    afterDeadline?: true;
  };
  'complaint.proposal_answered': { accepted: boolean; comment: string | null };
  'complaint.sla_due_soon': { stage: SlaStage | null; dueAt: string | null };
  'complaint.sla_breached': { stage: SlaStage | null; dueAt: string | null };
  'complaint.commission_due_soon': { stage: CommissionStage | null; dueAt: string | null };
  'complaint.commission_breached': { stage: CommissionStage | null; dueAt: string | null };
  /** `reason` is absent when the consumer's rejection escalated it. */
  'complaint.escalated': { cause: EscalationCause; reason?: string | null };
  'complaint.settled': Record<never, never>;
  'complaint.referred': { to: Referral; note: string };
  'complaint.closed': { reason: string };
  'complaint.withdrawn': { reason: string | null };
  /** A file attached to the complaint (evidence): what it is and who sent it, never its bytes. */
  'complaint.attachment_added': { attachment: Attachment };
  /** The owner among the merchant's users; null for nobody. */
  'complaint.owner_changed': { owner: { id: string; name: string } | null; previousOwnerId: string | null };
  /** An internal note: only the author's side sees the event (`eventAudience`, teams.ts). */
  'complaint.note_added': { note: { id: string; side: 'merchant' | 'staff'; body: string } };
  /**
   * 非本企业 — the merchant (`merchantId`) said the complaint is not about it (CFPB's "incorrect
   * company", `cause`): back to the staff's queue, unrouted; the business it may be about, if said.
   */
  'complaint.returned': {
    cause: 'incorrect_company';
    merchantId: string;
    reason: string;
    suggestedBusiness: { name: string; creditCode: string | null } | null;
  };
  /** This complaint, a duplicate, was merged into (and closed in favour of) `into`. */
  'complaint.merged': { into: { id: string; reference: string } };
  /** `duplicate` was merged into this complaint. */
  'complaint.duplicate_merged': { duplicate: { id: string; reference: string } };
  'settlement.recorded': Record<never, never>;
  'alert.raised': Record<never, never>;
}

/** The resource an event of each type carries as `data.object`. */
export type EventObject<T extends EventType> = T extends 'settlement.recorded'
  ? Settlement
  : T extends 'alert.raised'
    ? Alert
    : T extends `complaint.${string}`
      ? Complaint
      : Record<string, unknown>;

/** The `data` of an event of type `T`: the object after the change and the type's details. */
export type EventData<T extends EventType> = { object: EventObject<T> } & EventDetails[T];

/** An event as the API answers it (`Event`), typed by its `type`: narrow on `type` to read `data`. */
export type TypedEvent = {
  [T in EventType]: Omit<Event, 'type' | 'data'> & { type: T; data: EventData<T> };
}[EventType];

/** A message as an event carries it: its text and the files it names (absent on events written before files). */
export interface CarriedMessage {
  body: string;
  attachments?: MessageAttachment[];
}

/**
 * The message an event carries — a merchant's or staff's message, an information request, a
 * consumer's reply (the events of core's `MESSAGE_ACTIONS`) — or undefined for any other event.
 * The one place that knows where in `data` each one keeps it.
 */
export function messageOf(e: TypedEvent): CarriedMessage | undefined {
  if (e.type === 'complaint.message_sent') return e.data.message;
  if (e.type === 'complaint.info_requested') return e.data.infoRequest;
  if (e.type === 'complaint.consumer_replied') return e.data.reply;
  return undefined;
}
