import type { Actor } from './lifecycle';

/**
 * Working as a team: who sees what beyond the complaint's own visibility. An event is for
 * everyone who sees its complaint (`null`), or for one side only: an internal note reaches its
 * author's side — the merchant's users, or the commission's staff — and nobody else (never the
 * consumer, a station, another merchant or the other side). The feed, the timeline and the
 * webhook outbox all read this one rule (the portal's SQL mirrors it in `events/service.ts`).
 */
export type EventAudience = 'merchant' | 'staff';
export const EVENT_AUDIENCES = ['merchant', 'staff'] as const satisfies readonly EventAudience[];

/** The side whose internal note an actor writes; null for an actor who may not write notes. */
export function noteSideOf(actor: Actor): EventAudience | null {
  if (actor === 'merchant') return 'merchant';
  if (actor === 'staff') return 'staff';
  return null;
}

/**
 * Whether a reader reaches an event meant for `audience`. The merchant's own events are still
 * limited to that merchant by the caller (an event's `merchantId`), as for every event.
 * @example audienceReaches('merchant', 'staff') // false: a merchant's note is not the commission's
 */
export function audienceReaches(audience: EventAudience | null, reader: Actor): boolean {
  if (audience === null) return true;
  return audience === reader;
}
