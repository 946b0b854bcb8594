import { type EventType, toIso, type WebhookDelivery, type WebhookEndpoint } from '@redress/core';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from './table';

const isoOrNull = (ms: number | null) => (ms === null ? null : toIso(ms));

/** An endpoint row as the API shows it; `secret` only in the answers that make one. */
export function toWebhookEndpoint(row: WebhookEndpointRow, now: number, secret?: string): WebhookEndpoint {
  const overlap = row.previous_secret_expires_at;
  return {
    id: row.id,
    merchantId: row.merchant_id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as EventType[],
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    disabledAt: isoOrNull(row.disabled_at),
    previousSecretExpiresAt: overlap !== null && overlap > now ? toIso(overlap) : null,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    ...(secret ? { secret } : {}),
  };
}

/** A delivery row with its attempts (oldest first) as the API shows it. */
export function toWebhookDelivery(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: toIso(row.created_at),
    deliveredAt: isoOrNull(row.delivered_at),
    attempts: attempts.map((a) => ({
      number: a.number,
      at: toIso(a.started_at),
      durationMs: a.duration_ms,
      statusCode: a.status_code,
      error: a.error,
      responseExcerpt: a.response_excerpt,
    })),
  };
}
