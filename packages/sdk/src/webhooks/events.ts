import type { Alert, Complaint, Settlement, WebhookPayload } from '../types.gen';

/** Every event type Redress writes to the feed and to webhooks. */
export type EventType = WebhookPayload['type'];
export type ComplaintEventType = Extract<EventType, `complaint.${string}`>;

/** A delivered event: `data.object` is the resource after the change; other `data` members describe it. */
export interface EventOf<T extends EventType, O> {
  id: string;
  type: T;
  timestamp: string;
  data: { object: O; [detail: string]: unknown };
}

/** An event about a complaint (`complaint.assigned`, `complaint.sla_due_soon`, …). */
export type ComplaintEvent = { [T in ComplaintEventType]: EventOf<T, Complaint> }[ComplaintEventType];
export type SettlementRecordedEvent = EventOf<'settlement.recorded', Settlement>;
/** An early-warning alert for the commission. */
export type AlertRaisedEvent = EventOf<'alert.raised', Alert>;

/**
 * What `webhooks.verify` returns: narrow it on `type`.
 *
 * @example
 * if (event.type === 'complaint.assigned') console.log(event.data.object.reference);
 */
export type RedressEvent = ComplaintEvent | SettlementRecordedEvent | AlertRaisedEvent;
