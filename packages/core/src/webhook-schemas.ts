import { z } from 'zod';
import type { FieldErrorCode } from './errors';
import { EVENT_TYPES } from './event-types';
import { EventId, idPattern, MerchantId, plainString, Timestamp } from './schemas';

/**
 * The webhook part of the API contract: endpoints, deliveries and their attempts, the inputs
 * that manage them, and the payload a receiver gets.
 */

const id = (prefix: string) =>
  z
    .string()
    .regex(idPattern(prefix), `must be a ${prefix}_ id`)
    .meta({ example: `${prefix}_01JD3Z6Y8G5C4F0QK3W2A1B9XE` });

export const WebhookEndpointId = id('whe');
export const WebhookDeliveryId = id('whd');
export const EventTypeSchema = z.enum(EVENT_TYPES);

/** The shape only: whether the portal may call the address (https, no private hosts) depends on its mode. */
export const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2_000)
  .meta({ example: 'https://crm.example.cn/redress/webhooks' });
const EventTypes = z.array(EventTypeSchema).min(1).max(EVENT_TYPES.length);
const Description = plainString().trim().max(500);

export const WebhookEndpointSchema = z
  .object({
    id: WebhookEndpointId,
    /** null: a commission endpoint, which receives every event. */
    merchantId: MerchantId.nullable(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(EventTypeSchema),
    enabled: z.boolean(),
    /** Why the portal (or a person) disabled the endpoint, e.g. it answered 410 Gone. */
    disabledReason: z.string().nullable(),
    disabledAt: Timestamp.nullable(),
    /** While set, the secret before the last rotation still signs beside the new one. */
    previousSecretExpiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    /** `whsec_…`: present only in the answers to create and rotate-secret, never again. */
    secret: z.string().optional(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookAttemptSchema = z
  .object({
    number: z.number().int().min(1),
    at: Timestamp,
    durationMs: z.number().int().min(0),
    /** The receiver's HTTP status, or null when there was no answer (see `error`). */
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    /** The first kilobyte of the receiver's answer. */
    responseExcerpt: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']);

export const WebhookDeliverySchema = z
  .object({
    id: WebhookDeliveryId,
    endpointId: WebhookEndpointId,
    eventId: EventId,
    eventType: EventTypeSchema,
    status: WebhookDeliveryStatusSchema,
    attemptCount: z.number().int().min(0),
    nextAttemptAt: Timestamp.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
    attempts: z.array(WebhookAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** The JSON body a receiver gets, signed per Standard Webhooks. */
export const WebhookPayloadSchema = z
  .object({
    id: EventId,
    type: EventTypeSchema,
    timestamp: Timestamp,
    data: z.object({ object: z.record(z.string(), z.unknown()) }).catchall(z.unknown()),
  })
  .meta({ id: 'WebhookPayload' });
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

// ---- inputs -------------------------------------------------------------------------------

export const CreateWebhookEndpointInput = z.strictObject({
  url: WebhookUrl,
  eventTypes: EventTypes,
  description: Description.optional(),
  enabled: z.boolean().default(true),
});
export type CreateWebhookEndpointInput = z.infer<typeof CreateWebhookEndpointInput>;

export const UpdateWebhookEndpointInput = z
  .strictObject({
    url: WebhookUrl.optional(),
    eventTypes: EventTypes.optional(),
    enabled: z.boolean().optional(),
    description: Description.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'change at least one of url, eventTypes, enabled, description',
    params: { code: 'required' satisfies FieldErrorCode },
  });
export type UpdateWebhookEndpointInput = z.infer<typeof UpdateWebhookEndpointInput>;

export const ListWebhookDeliveriesQuery = z.strictObject({
  status: WebhookDeliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof ListWebhookDeliveriesQuery>;
