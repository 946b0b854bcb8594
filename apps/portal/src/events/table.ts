import type { Generated, Selectable } from 'kysely';

/** The immutable event log: the timeline, the event feed, the webhook source and the audit. */
export interface EventTable {
  seq: Generated<number>;
  id: string;
  type: string;
  complaint_id: string | null;
  merchant_id: string | null;
  station_id: string | null;
  actor_kind: string;
  actor_id: string | null;
  actor_role: string | null;
  /** JSON: `{ object, …details }` */
  data: string;
  created_at: number;
}
export type EventRow = Selectable<EventTable>;
