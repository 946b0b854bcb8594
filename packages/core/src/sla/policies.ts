import { z } from 'zod';
import type { FieldErrorCode } from '../errors';
import { CodeSchema, SlaUnitSchema } from '../schemas';
import type { Label } from '../taxonomy';
import type { SlaUnit } from './deadline';

/** A time limit (办理时限): an amount of working or calendar days. */
export interface SlaTarget {
  amount: number;
  unit: SlaUnit;
}

/**
 * A merchant's SLA policy: how long it has to acknowledge (受理) and to settle (和解) a
 * complaint, both counted from assignment. Policies are data; a merchant has one.
 */
export interface SlaPolicy {
  code: string;
  name: Label;
  acknowledge: SlaTarget;
  settle: SlaTarget;
  /**
   * How long the consumer has to answer a proposal made before the settle deadline (the
   * merchant's settle clock is stopped meanwhile); no answer in time escalates the complaint.
   */
  answer: SlaTarget;
}

/** The consumer's answer window when a policy does not say otherwise: 3 working days. */
export const DEFAULT_ANSWER_WINDOW: SlaTarget = Object.freeze({ amount: 3, unit: 'working_days' as const });

const target = (amount: number, unit: SlaUnit): SlaTarget => Object.freeze({ amount, unit });

/**
 * The policies Redress ships. `standard` follows the 12315 ODR practice for enterprises;
 * `fast` the Shanghai fast-response practice (快速响应).
 */
export const DEFAULT_POLICIES: Readonly<Record<'standard' | 'fast', SlaPolicy>> = Object.freeze({
  standard: Object.freeze({
    code: 'standard',
    name: Object.freeze({ zh: '标准(12315 ODR)', en: 'Standard (12315 ODR)' }),
    acknowledge: target(2, 'working_days'),
    settle: target(10, 'working_days'),
    answer: DEFAULT_ANSWER_WINDOW,
  }),
  fast: Object.freeze({
    code: 'fast',
    name: Object.freeze({ zh: '快速响应', en: 'Fast response' }),
    acknowledge: target(2, 'calendar_days'),
    settle: target(7, 'calendar_days'),
    answer: DEFAULT_ANSWER_WINDOW,
  }),
});

/**
 * The commission's own limits under SAMR Order No. 121: decide to accept (受理) or refuse a
 * new complaint within 7 working days of receipt (art. 15); mediation ends without agreement
 * 60 calendar days after acceptance (art. 23).
 */
export const COMMISSION_TARGETS: Readonly<{ accept: SlaTarget; mediation: SlaTarget }> = Object.freeze({
  accept: target(7, 'working_days'),
  mediation: target(60, 'calendar_days'),
});

/** The longest target an admin may set: a year of days in either unit. */
export const MAX_TARGET_DAYS = 365;

/** A target as an admin sets it: at least one day, at most `MAX_TARGET_DAYS`. */
export const SlaTargetSchema = z.strictObject({
  amount: z.number().int().min(1).max(MAX_TARGET_DAYS),
  unit: SlaUnitSchema,
}) satisfies z.ZodType<SlaTarget>;

const labelText = z.string().trim().min(1).max(100);

/** The settle target may not be shorter than the acknowledge target (compared by amount). */
const settleNotShorter = {
  check: (policy: { acknowledge: SlaTarget; settle: SlaTarget }) =>
    policy.settle.amount >= policy.acknowledge.amount,
  params: {
    path: ['settle', 'amount'],
    message: 'the settle target may not be shorter than the acknowledge target',
    params: { code: 'too_small' satisfies FieldErrorCode },
  },
};

const policyFields = {
  name: z.strictObject({ zh: labelText, en: labelText }),
  acknowledge: SlaTargetSchema,
  settle: SlaTargetSchema,
  answer: SlaTargetSchema.default(DEFAULT_ANSWER_WINDOW),
};

/**
 * A policy as a commission admin edits it. The settle target may not be shorter than the
 * acknowledge target (compared by amount; with mixed units `startClock` still never lets
 * the settle deadline fall before the acknowledge deadline).
 *
 * @example
 * SlaPolicySchema.parse({
 *   code: 'express', name: { zh: '极速', en: 'Express' },
 *   acknowledge: { amount: 1, unit: 'working_days' }, settle: { amount: 5, unit: 'working_days' },
 * });
 */
export const SlaPolicySchema = z
  .strictObject({ code: CodeSchema, ...policyFields })
  .refine(settleNotShorter.check, settleNotShorter.params) satisfies z.ZodType<SlaPolicy>;

/**
 * What an admin sends to create or change the policy named by its code (`PUT
 * /api/v1/sla-policies/{code}`, the policy page): the names and the three targets, by the same
 * rules as `SlaPolicySchema`.
 */
export const SlaPolicyInput = z
  .strictObject(policyFields)
  .refine(settleNotShorter.check, settleNotShorter.params)
  .meta({ id: 'SlaPolicyInput' });
export type SlaPolicyInput = z.infer<typeof SlaPolicyInput>;
