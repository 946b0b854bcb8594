import type { EventAudience, EventType, PrincipalKind, Role } from '@redress/core';
import type { Generated, Selectable } from 'kysely';

/** The immutable event log: the timeline, the event feed, the webhook source and the audit. */
export interface EventTable {
  seq: Generated<number>;
  id: string;
  type: EventType;
  complaint_id: string | null;
  merchant_id: string | null;
  station_id: string | null;
  actor_kind: PrincipalKind;
  actor_id: string | null;
  actor_role: Role | null;
  /** null: whoever sees the complaint; else one side only (core's `audienceReaches`). */
  audience: Generated<EventAudience | null>;
  /** JSON: `{ object, …details }` */
  data: string;
  created_at: number;
}
export type EventRow = Selectable<EventTable>;
