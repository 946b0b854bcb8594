import {
  ComplaintSchema,
  ComplaintSettlementSchema,
  MerchantSchema,
  ProblemSchema,
  ReferralSchema,
  SlaPolicySchema,
  SlaUnitSchema,
  Timestamp,
} from '@redress/core';
import { z } from 'zod';

/**
 * Shapes the document needs that `@redress/core` does not hold: answers the portal builds in
 * its routes (tokens, keys, taxonomy, calendars) and the few inputs that a route declares for
 * itself. The contract test checks every answer below against real responses, so an answer that
 * changes shape fails there.
 */

/** `POST /oauth/token` — RFC 6749 §5.1. */
export const AccessTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().meta({ example: 900 }),
    scope: z.string().meta({ example: 'read write' }),
  })
  .meta({ id: 'AccessToken' });

/** A problem from `/oauth/token`, which also carries the RFC 6749 §5.2 `error` code. */
export const OAuthProblemSchema = ProblemSchema.extend({
  error: z.enum(['invalid_request', 'invalid_client', 'slow_down']),
}).meta({ id: 'OAuthProblem' });

/** `GET /.well-known/jwks.json` — RFC 7517. */
export const JwksSchema = z
  .object({
    keys: z.array(
      z
        .object({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional() })
        .catchall(z.unknown()),
    ),
  })
  .meta({ id: 'Jwks' });

/** `GET /api/v1/merchant`, `GET`/`PATCH /api/v1/merchants/{id}`: the merchant with its SLA policy spelled out. */
export const MerchantWithPolicySchema = MerchantSchema.extend({ policy: SlaPolicySchema }).meta({
  id: 'MerchantWithPolicy',
});

/** A category or tag with its labels (`GET /api/v1/categories`, `/tags`). */
export const TaxonomyEntrySchema = z
  .object({ code: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })
  .meta({ id: 'TaxonomyEntry' });

/**
 * One year of the working-day calendar: the notice's data, or `calendarProvisional` (the
 * statutory holidays only, no notice loaded), or `calendarGap` (no data at all: Monday–Friday).
 */
export const CalendarYearAnswerSchema = z
  .object({
    year: z.number().int(),
    daysOff: z.array(z.string()),
    workdays: z.array(z.string()),
    calendarGap: z.boolean(),
    calendarProvisional: z.boolean(),
  })
  .meta({ id: 'CalendarYear' });

/** `GET /api/v1/calendars/deadline` */
export const DeadlineSchema = z
  .object({
    from: Timestamp,
    amount: z.number().int(),
    unit: SlaUnitSchema,
    dueAt: Timestamp,
    calendarGap: z.boolean(),
    calendarProvisional: z.boolean(),
  })
  .meta({ id: 'Deadline' });

/** `POST /api/v1/consumer/{token}/rating` — 消费者满意度. */
export const SatisfactionSchema = z
  .object({ rating: z.number().int().min(1).max(5), comment: z.string().nullable(), ratedAt: Timestamp })
  .meta({ id: 'Satisfaction' });

/** `GET /api/v1/consumer/{token}`: what the consumer's page shows. */
export const ConsumerViewSchema = z
  .object({
    complaint: ComplaintSchema,
    proposal: z
      .object({ outcome: z.string(), amountFen: z.number().int().nullable(), terms: z.string() })
      .nullable(),
    infoRequest: z.string().nullable(),
    messages: z.array(
      z.object({
        from: z.enum(['merchant', 'staff', 'consumer']),
        /** The consumer's reply entered for them (said by phone): by the merchant or by staff. */
        recordedBy: z.enum(['merchant', 'staff']).nullable(),
        body: z.string(),
        at: Timestamp,
      }),
    ),
    /** Once the complaint has ended (settled, closed, referred, withdrawn): what was agreed. */
    outcome: z
      .object({
        status: z.enum(['settled', 'closed', 'referred', 'withdrawn']),
        endedAt: Timestamp,
        settlement: ComplaintSettlementSchema.nullable(),
        referral: z.object({ to: ReferralSchema, note: z.string() }).nullable(),
        note: z.string().nullable(),
      })
      .nullable(),
    satisfaction: SatisfactionSchema.nullable(),
    /** Whether the rating is open: only once the complaint has ended. */
    canRate: z.boolean(),
  })
  .meta({ id: 'ConsumerView' });

/** The signed token of a consumer link: it names one complaint and expires. */
export const ConsumerLinkToken = z.string().min(1).max(2_000);

// ---- inputs of the smaller routes: the same objects the routes validate with ----------------

/** complaints/routes.ts — an action without options: `{}`, or no body at all. */
export const EmptyInput = z.strictObject({});

export {
  CalendarInput,
  CalendarYearParam,
  DeadlineQuery,
  ExportSettlementsQuery,
  ProposalAnswerInput,
  UpdateMerchantInput,
  UpdateStationInput,
} from '@redress/core';
