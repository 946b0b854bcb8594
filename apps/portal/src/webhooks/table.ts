import type { EventType } from '@redress/core';
import type { Generated, Insertable, Selectable } from 'kysely';

/** A receiver of events: a merchant's (its events) or the commission's (merchant_id null: every event). */
export interface WebhookEndpointTable {
  id: string;
  merchant_id: string | null;
  url: string;
  description: string | null;
  /** JSON array of event types. */
  event_types: string;
  enabled: number;
  disabled_reason: string | null;
  disabled_at: number | null;
  /** Sealed with the data folder's webhook key (see secrets.ts): the portal must read it to sign. */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  /** The oldest failure since the last success; null while deliveries succeed. */
  failing_since: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;

/** The outbox: one row per event and subscribed endpoint, written in the event's transaction. */
export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: EventType;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  /** When the next attempt is due; null once succeeded or given up. */
  next_attempt_at: number | null;
  /** A worker's claim: no other worker takes the row before `lease_until`. */
  lease_until: number | null;
  lease_owner: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type NewWebhookDelivery = Insertable<WebhookDeliveryTable>;

/** The log of every attempt, shown with its delivery. */
export interface WebhookAttemptTable {
  seq: Generated<number>;
  delivery_id: string;
  number: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
