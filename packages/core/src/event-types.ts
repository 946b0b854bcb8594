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
  'settlement.recorded',
  'alert.raised',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Whether `type` is one of `EVENT_TYPES`. */
export function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}
