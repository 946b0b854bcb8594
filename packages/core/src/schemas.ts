import { z } from 'zod';
import { isCreditCode, ROUTED_BY } from './business';
import { FIELD_ERROR_CODES, type FieldErrorCode } from './errors';
import { MAX_AMOUNT_FEN } from './money';
import { CHANNELS, OUTCOMES, REFERRALS, ROLES, SETTLEMENT_CHANNELS, STATUSES } from './taxonomy';

/**
 * The API contract: the objects Redress answers with and the inputs it takes. The portal
 * validates with these, the OpenAPI document is produced from them, and the SDK's plain
 * types are checked against them.
 */

/** The 26 Crockford base-32 characters of a ULID after an id's prefix. */
const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
/** The pattern of the ids with a prefix: `cmp_01JD…`. */
export const idPattern = (prefix: string) => new RegExp(`^${prefix}_${ULID}$`);
const CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const PHONE_PATTERN = /^\+?[0-9][0-9 -]{5,19}$/;

/**
 * The code of a pattern a string did not match, named by the pattern as zod reports it
 * (`issue.pattern`): the patterns of this file have codes of their own, any other is `invalid_format`.
 */
export function patternCode(pattern: string): FieldErrorCode {
  if (pattern.endsWith(`_${ULID}$/`)) return 'not_an_id';
  if (pattern === String(CREDIT_CODE_PATTERN)) return 'not_a_credit_code';
  if (pattern === String(PHONE_PATTERN)) return 'invalid_phone';
  if (pattern === String(CODE_PATTERN)) return 'not_a_code';
  return 'invalid_format';
}

const id = (prefix: string) =>
  z
    .string()
    .regex(idPattern(prefix), `must be a ${prefix}_ id`)
    .meta({ example: `${prefix}_01JD3Z6Y8G5C4F0QK3W2A1B9XE` });

export const ComplaintId = id('cmp');
export const MerchantId = id('mer');
export const StationId = id('sta');
export const SettlementId = id('stl');
export const EventId = id('evt');
export const UserId = id('usr');
export const ApiClientId = id('cli');
export const NoteId = id('nte');
export const ReplyTemplateId = id('tpl');
export const AttachmentId = id('att');

/** Files per complaint, whoever attached them (attachments.ts); so also the most a message can carry. */
export const MAX_ATTACHMENTS_PER_COMPLAINT = 20;

export const Timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-30T09:30:00+08:00' });
export const Fen = z.number().int().min(0).max(MAX_AMOUNT_FEN);
export const MoneySchema = z.object({ amountFen: Fen, currency: z.literal('CNY') });

export const StatusSchema = z.enum(STATUSES);
export const RoleSchema = z.enum(ROLES);
export const ChannelSchema = z.enum(CHANNELS);
export const OutcomeSchema = z.enum(OUTCOMES);
export const SettlementChannelSchema = z.enum(SETTLEMENT_CHANNELS);
export const ReferralSchema = z.enum(REFERRALS);
/** Categories and tags are data (admins may add more): the shape is checked here, existence by the portal. */
export const CodeSchema = z.string().regex(CODE_PATTERN, 'must be a lower-case code');
export const SlaStateSchema = z.enum(['on_track', 'due_soon', 'overdue', 'paused', 'met']);
export const SlaUnitSchema = z.enum(['working_days', 'calendar_days']);
/** 统一社会信用代码: 18 characters whose last is the GB 32100-2015 check character (upper-cased first). */
export const CreditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CREDIT_CODE_PATTERN, 'must be an 18-character unified social credit code')
  // A code of the wrong shape has the pattern's error already: the check character only for the rest.
  .refine((code) => !CREDIT_CODE_PATTERN.test(code) || isCreditCode(code), {
    message: 'the check character (the 18th) does not match: not a unified social credit code',
    params: { code: 'not_a_credit_code' satisfies FieldErrorCode },
  })
  .meta({ example: '91440300708461136T' });

/**
 * Control characters other than tab and line breaks: no text a person writes holds one, and
 * PostgreSQL refuses NUL in text. Every text input refuses them, one rule for both databases.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A string with no control characters but tab and line breaks (see CONTROL_CHARACTER). */
export const plainString = () =>
  z.string().refine((s) => !CONTROL_CHARACTER.test(s), {
    message: 'must not contain control characters',
    params: { code: 'control_character' satisfies FieldErrorCode },
  });
const text = (max: number) => plainString().trim().min(1).max(max);

export const StageResultSchema = z.enum(['pending', 'paused', 'met', 'missed']);

/** One stage of the merchant's SLA: its deadline, when it was done, and the result now. */
export const SlaStageSchema = z.object({
  dueAt: Timestamp.nullable(),
  doneAt: Timestamp.nullable(),
  result: StageResultSchema,
});

export const SlaSchema = z.object({
  policy: z.string(),
  state: SlaStateSchema,
  acknowledgeDueAt: Timestamp.nullable(),
  settleDueAt: Timestamp.nullable(),
  pausedAt: Timestamp.nullable(),
  /** When a proposal made before the settle deadline stopped the settle clock. */
  stoppedAt: Timestamp.nullable(),
  /** The end of the consumer's window to answer that proposal. */
  answerDueAt: Timestamp.nullable(),
  /** Each stage's result: the complaint is on time (`met`) only if every stage was. */
  stages: z.object({ acknowledge: SlaStageSchema, settle: SlaStageSchema }),
  calendarGap: z.boolean(),
  /** A deadline was counted on the provisional calendar: no State Council notice loaded for a year it reached. */
  calendarProvisional: z.boolean(),
});

/** One of the commission's own deadlines: when it falls, and when the stage ended (null while it runs). */
export const CommissionStageSchema = z.object({
  dueAt: Timestamp.nullable(),
  doneAt: Timestamp.nullable(),
});

/**
 * The commission's own deadlines (SAMR Order No. 121): `accept`, to route or refuse a complaint
 * within 7 working days of receipt (art. 15); `mediation`, to end mediation within 60 calendar
 * days of the escalation (art. 23), null while never escalated.
 */
export const CommissionDeadlinesSchema = z.object({
  accept: CommissionStageSchema,
  mediation: CommissionStageSchema.nullable(),
});

export const ComplaintSettlementSchema = z.object({
  id: SettlementId,
  channel: SettlementChannelSchema,
  outcome: OutcomeSchema,
  amount: MoneySchema,
  consumerAccepted: z.boolean(),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: Timestamp,
});

/**
 * The business a complaint is about, for both kinds: a networked merchant's registered name and
 * credit code, or the business named at intake that is not networked (its code may be unknown).
 */
export const BusinessSchema = z
  .object({
    name: z.string(),
    creditCode: z.string().nullable(),
  })
  .meta({ id: 'Business' });
export type Business = z.infer<typeof BusinessSchema>;

export const ComplaintSchema = z
  .object({
    id: ComplaintId,
    reference: z.string().meta({ example: 'PD-2026-000123' }),
    kind: z.enum(['complaint', 'consultation']),
    status: StatusSchema,
    channel: ChannelSchema,
    merchantId: MerchantId.nullable(),
    /** null while no business is named (a new complaint to route, or one a merchant said was not theirs). */
    business: BusinessSchema.nullable(),
    stationId: StationId.nullable(),
    externalRef: z.string().nullable(),
    /** The complaint this one was merged into as a duplicate (it is closed), or null. */
    duplicateOf: ComplaintId.nullable(),
    subject: z.string(),
    description: z.string(),
    category: z.string(),
    tags: z.array(z.string()),
    consumer: z.object({ name: z.string(), phone: z.string().nullable(), isMinor: z.boolean() }),
    claim: MoneySchema.nullable(),
    sla: SlaSchema.nullable(),
    commission: CommissionDeadlinesSchema,
    settlement: ComplaintSettlementSchema.nullable(),
    /** The merchant's user who owns the complaint (assign to me, to a colleague), or null. */
    owner: z.object({ id: UserId, name: z.string() }).nullable(),
    receivedAt: Timestamp,
    assignedAt: Timestamp.nullable(),
    updatedAt: Timestamp,
    version: z.number().int(),
  })
  .meta({ id: 'Complaint' });
export type Complaint = z.infer<typeof ComplaintSchema>;

/**
 * Who did what an audit row records: a user or an API client (or the system), with the name,
 * email and role as they are now (null once the account is gone). Shared by the audits.
 */
const AuditActorSchema = z.object({
  kind: z.enum(['user', 'client', 'system']),
  id: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.string().nullable(),
});
/** The complaint an audit row names; its reference is null if the complaint is gone. */
const AuditComplaintSchema = z.object({ id: ComplaintId, reference: z.string().nullable() });

/**
 * One read of a consumer's full phone number (个人信息保护): who read it, when, on which
 * complaint. The actor's name and email are as they are now (null once the account is gone).
 */
export const PhoneRevealSchema = z
  .object({
    id: z.number().int(),
    revealedAt: Timestamp,
    actor: AuditActorSchema,
    complaint: AuditComplaintSchema,
  })
  .meta({ id: 'PhoneReveal' });
export type PhoneReveal = z.infer<typeof PhoneRevealSchema>;

/**
 * One read of a file the consumer attached, by anyone but the consumer (个人信息保护): who read
 * it, when, on which complaint, which file. `fileName` is null once retention has erased the
 * file (the audit row keeps its id).
 */
export const AttachmentReadSchema = z
  .object({
    id: z.number().int(),
    readAt: Timestamp,
    actor: AuditActorSchema,
    complaint: AuditComplaintSchema,
    attachment: z.object({ id: AttachmentId, fileName: z.string().nullable() }),
  })
  .meta({ id: 'AttachmentRead' });
export type AttachmentRead = z.infer<typeof AttachmentReadSchema>;

export const EventSchema = z
  .object({
    id: EventId,
    type: z.string().meta({ example: 'complaint.assigned' }),
    createdAt: Timestamp,
    actor: z.object({
      kind: z.enum(['user', 'client', 'consumer', 'system']),
      id: z.string().nullable(),
      role: z.string().nullable(),
    }),
    data: z.object({ object: z.record(z.string(), z.unknown()) }).catchall(z.unknown()),
  })
  .meta({ id: 'Event' });
export type Event = z.infer<typeof EventSchema>;

export const SettlementSchema = z
  .object({
    id: SettlementId,
    complaintId: ComplaintId.nullable(),
    stationId: StationId.nullable(),
    merchantId: MerchantId.nullable(),
    merchantName: z.string(),
    creditCode: z.string().nullable(),
    channel: SettlementChannelSchema,
    outcome: OutcomeSchema,
    amount: MoneySchema,
    consumerAccepted: z.boolean(),
    summary: z.string(),
    /** Who recorded it: a user's or API client's id, `consumer` (through their link) or `system`. */
    recordedBy: z.string(),
    recordedAt: Timestamp,
  })
  .meta({ id: 'Settlement' });
export type Settlement = z.infer<typeof SettlementSchema>;

export const StationSchema = z
  .object({
    id: StationId,
    name: z.string(),
    address: z.string(),
    host: z.string(),
    online: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Station' });
export type Station = z.infer<typeof StationSchema>;

export const MerchantSchema = z
  .object({
    id: MerchantId,
    name: z.string(),
    creditCode: z.string(),
    slaPolicy: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Merchant' });
export type Merchant = z.infer<typeof MerchantSchema>;

export const UserSchema = z
  .object({
    id: UserId,
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    merchantId: MerchantId.nullable(),
    stationId: StationId.nullable(),
    createdAt: Timestamp,
    /** When the user was disabled (they cannot sign in, their sessions ended), or null. */
    disabledAt: Timestamp.nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const ApiClientSchema = z
  .object({
    id: ApiClientId,
    name: z.string(),
    actsAs: z.enum(['merchant', 'station', 'commission']),
    merchantId: MerchantId.nullable(),
    stationId: StationId.nullable(),
    createdAt: Timestamp,
    /** Present only in the answer that created the client: it is never shown again. */
    secret: z.string().optional(),
  })
  .meta({ id: 'ApiClient' });
export type ApiClient = z.infer<typeof ApiClientSchema>;

/** An internal note on a complaint: `side` is who sees it (the merchant's users, or staff). */
export const NoteSchema = z
  .object({
    id: NoteId,
    complaintId: ComplaintId,
    side: z.enum(['merchant', 'staff']),
    body: z.string(),
    author: z.object({
      kind: z.enum(['user', 'client', 'system']),
      id: z.string().nullable(),
      name: z.string().nullable(),
    }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Note' });
export type Note = z.infer<typeof NoteSchema>;

/** A merchant's reply template: agents pick one and edit it before sending. */
export const ReplyTemplateSchema = z
  .object({
    id: ReplyTemplateId,
    merchantId: MerchantId,
    name: z.string(),
    body: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'ReplyTemplate' });
export type ReplyTemplate = z.infer<typeof ReplyTemplateSchema>;

/** One field's error in a 422 problem: where, what (a code to switch on), and in English words. */
export const FieldErrorSchema = z
  .object({
    path: z.string().meta({ example: 'consumer.phone' }),
    code: z.enum(FIELD_ERROR_CODES).meta({ example: 'invalid_phone' }),
    message: z.string().meta({ example: 'must be a phone number' }),
  })
  .meta({ id: 'FieldError' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
    allowed: z.array(z.string()).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

// ---- inputs -------------------------------------------------------------------------------

const Phone = z.string().trim().regex(PHONE_PATTERN, 'must be a phone number');

/** A business named by its name and, when known, its unified social credit code. */
export const BusinessInput = z.strictObject({
  name: text(200),
  creditCode: CreditCodeSchema.optional(),
});
export type BusinessInput = z.infer<typeof BusinessInput>;

export const CreateComplaintInput = z
  .object({
    kind: z.enum(['complaint', 'consultation']).default('complaint'),
    channel: ChannelSchema,
    /** A networked merchant; or `business`, never both (the service answers 422 for both). */
    merchantId: MerchantId.optional(),
    /** The business by name and credit code: routed to the merchant it matches, else not networked. */
    business: BusinessInput.optional(),
    stationId: StationId.optional(),
    externalRef: text(64).optional(),
    subject: text(200),
    description: text(10_000),
    category: CodeSchema,
    tags: z.array(CodeSchema).max(10).default([]),
    consumer: z.strictObject({
      name: text(100),
      phone: Phone.optional(),
      isMinor: z.boolean().default(false),
    }),
    claimFen: Fen.optional(),
    receivedAt: Timestamp.optional(),
  })
  .strict();
export type CreateComplaintInput = z.infer<typeof CreateComplaintInput>;

export const AssignInput = z.strictObject({ merchantId: MerchantId });
/** `PUT /complaints/{id}/owner`: one of the merchant's users, or null for nobody. */
export const SetOwnerInput = z.strictObject({ userId: UserId.nullable() });
export type SetOwnerInput = z.infer<typeof SetOwnerInput>;
/** An internal note: seen by the author's side only (the merchant's users, or staff). */
export const NoteInput = z.strictObject({ body: text(5_000) });
export type NoteInput = z.infer<typeof NoteInput>;
export const CreateReplyTemplateInput = z.strictObject({ name: text(100), body: text(5_000) });
export type CreateReplyTemplateInput = z.infer<typeof CreateReplyTemplateInput>;
export const UpdateReplyTemplateInput = z.strictObject({
  name: text(100).optional(),
  body: text(5_000).optional(),
});
export type UpdateReplyTemplateInput = z.infer<typeof UpdateReplyTemplateInput>;
/** 非本企业: why the complaint is not the merchant's, and the business it may be about. */
export const NotOursInput = z.strictObject({
  reason: text(2_000),
  suggestedBusiness: BusinessInput.optional(),
});
export type NotOursInput = z.infer<typeof NotOursInput>;
/** Merge this complaint, a duplicate, into the one kept. */
export const MergeInput = z.strictObject({ into: ComplaintId });
export type MergeInput = z.infer<typeof MergeInput>;
/** A complaint of the new queue marked as about a business that is not networked: which one. */
export const NotNetworkedInput = z.strictObject({ business: BusinessInput });
export type NotNetworkedInput = z.infer<typeof NotNetworkedInput>;
/** A not-networked complaint handed to the merchant its business has become. */
export const RouteBusinessInput = z.strictObject({ merchantId: MerchantId });
/**
 * A message, an information request or a consumer's reply, and the files it carries:
 * `attachmentIds`, attachments already uploaded to the same complaint and linked to no other
 * message (the service checks that; each refused id is a field error at `attachmentIds.N`).
 */
export const BodyInput = z.strictObject({
  body: text(5_000),
  attachmentIds: z
    .array(AttachmentId)
    .max(MAX_ATTACHMENTS_PER_COMPLAINT)
    .superRefine((ids, ctx) => {
      ids.forEach((v, i) => {
        if (ids.indexOf(v) !== i)
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: 'listed twice',
            params: { code: 'duplicate' satisfies FieldErrorCode },
          });
      });
    })
    .optional()
    .meta({ description: 'Files already attached to this complaint that the message carries (at most 20).' }),
});
export type BodyInput = z.infer<typeof BodyInput>;
export const ProposalInput = z.strictObject({
  outcome: OutcomeSchema,
  amountFen: Fen.optional(),
  terms: text(5_000),
});
export type ProposalInput = z.infer<typeof ProposalInput>;
export const SettleInput = z.strictObject({
  outcome: OutcomeSchema,
  amountFen: Fen,
  consumerAccepted: z.boolean(),
  note: text(2_000).optional(),
});
export type SettleInput = z.infer<typeof SettleInput>;
export const ReasonInput = z.strictObject({ reason: text(2_000) });
export const OptionalReasonInput = z.strictObject({ reason: text(2_000).optional() });
export const ReferInput = z.strictObject({ to: ReferralSchema, note: text(2_000) });

const repeatable = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
    z.array(item).max(20).optional(),
  );

export const ListComplaintsQuery = z.strictObject({
  status: repeatable(StatusSchema),
  slaState: SlaStateSchema.optional(),
  category: CodeSchema.optional(),
  tag: CodeSchema.optional(),
  merchantId: MerchantId.optional(),
  stationId: StationId.optional(),
  channel: ChannelSchema.optional(),
  /**
   * Words in the reference, subject, story, consumer's name, external reference or business name;
   * or phone digits: the last four, or the whole number (what lies between would uncover the
   * digits a masked number hides). A whole-number match is audited as a read of the number.
   */
  q: plainString().trim().min(1).max(100).optional(),
  receivedFrom: Timestamp.optional(),
  receivedTo: Timestamp.optional(),
  updatedSince: Timestamp.optional(),
  /** `me`: the caller's own (a signed-in user); `none`: nobody's; or a user's id. */
  owner: z.union([z.enum(['me', 'none']), UserId]).optional(),
  /** `dueAt`: the merchant's next deadline first; `commissionDueAt`: the commission's running deadline first. */
  sort: z.enum(['-receivedAt', 'dueAt', 'commissionDueAt']).default('-receivedAt'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type ListComplaintsQuery = z.infer<typeof ListComplaintsQuery>;

/** A page of complaints: `nextCursor` goes forward, `prevCursor` back (null on the first page). */
export const ComplaintPageSchema = z
  .object({
    data: z.array(ComplaintSchema),
    nextCursor: z.string().nullable(),
    prevCursor: z.string().nullable(),
  })
  .meta({ id: 'ComplaintPage' });
export type ComplaintPage = z.infer<typeof ComplaintPageSchema>;

/**
 * The staff's overdue queue shows `open` complaints (a deadline passed, still to do; the default)
 * or `ended` ones (ended after a deadline passed).
 */
export const OVERDUE_VIEWS = ['open', 'ended'] as const;
export type OverdueView = (typeof OVERDUE_VIEWS)[number];

/** The language of a CSV export's headers (and labels): Chinese by default. */
export const CsvLang = z.enum(['zh', 'en']).default('zh');

/**
 * `GET /api/v1/complaints/export.csv`: the list's filters, every matching row; for staff also one
 * of their queues besides the new one (`queue=overdue`, with `overdue=open|ended`, or
 * `queue=escalated`: in mediation), so that each queue page exports what it shows.
 */
export const ExportComplaintsQuery = ListComplaintsQuery.omit({ limit: true, cursor: true }).extend({
  lang: CsvLang,
  queue: z.enum(['overdue', 'escalated']).optional(),
  overdue: z.enum(OVERDUE_VIEWS).optional(),
});
export type ExportComplaintsQuery = z.infer<typeof ExportComplaintsQuery>;

export const CreateSettlementInput = z
  .strictObject({
    stationId: StationId,
    complaintId: ComplaintId.optional(),
    merchantId: MerchantId.optional(),
    merchantName: text(200).optional(),
    creditCode: CreditCodeSchema.optional(),
    outcome: OutcomeSchema,
    amountFen: Fen,
    consumerAccepted: z.boolean(),
    summary: text(2_000),
  })
  .refine((v) => v.merchantId !== undefined || v.merchantName !== undefined || v.complaintId !== undefined, {
    message: 'name the merchant: merchantId, or merchantName for one that is not registered',
    path: ['merchantName'],
    params: { code: 'required' satisfies FieldErrorCode },
  });
export type CreateSettlementInput = z.infer<typeof CreateSettlementInput>;

export const ListSettlementsQuery = z.strictObject({
  stationId: StationId.optional(),
  merchantId: MerchantId.optional(),
  channel: SettlementChannelSchema.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export type ListSettlementsQuery = z.infer<typeof ListSettlementsQuery>;

export const CreateStationInput = z.strictObject({
  name: text(200),
  address: text(500),
  host: text(200),
  online: z.boolean().default(true),
});
/** A merchant's aliases: other names the public knows it by, which route complaints to it. */
export const MerchantAliasesSchema = z
  .object({ merchantId: MerchantId, aliases: z.array(z.string()) })
  .meta({ id: 'MerchantAliases' });
export type MerchantAliases = z.infer<typeof MerchantAliasesSchema>;
/** The whole list of a merchant's aliases (replaces the old one). */
export const SetMerchantAliasesInput = z.strictObject({ aliases: z.array(text(200)).max(50) });
export type SetMerchantAliasesInput = z.infer<typeof SetMerchantAliasesInput>;

/** An open complaint of the same consumer phone about the same business in the last 30 days. */
export const PossibleDuplicateSchema = z
  .object({ id: ComplaintId, reference: z.string(), status: StatusSchema, receivedAt: Timestamp })
  .meta({ id: 'PossibleDuplicate' });
export type PossibleDuplicate = z.infer<typeof PossibleDuplicateSchema>;

/**
 * The answer to intake: the complaint, how its business was routed (`merchant_id` when named
 * so; `credit_code`, `name`, `alias` when matched; `none`: not networked, or no business named),
 * and the possible duplicates it was flagged with.
 */
export const ComplaintIntakeSchema = ComplaintSchema.extend({
  routedBy: z.enum(ROUTED_BY),
  possibleDuplicates: z.array(PossibleDuplicateSchema),
}).meta({ id: 'ComplaintIntake' });
export type ComplaintIntake = z.infer<typeof ComplaintIntakeSchema>;

/** What routing a newly joined merchant's complaints did: each complaint handed to it. */
export const RoutedComplaintsSchema = z
  .object({
    merchantId: MerchantId,
    routed: z.array(z.object({ id: ComplaintId, reference: z.string(), routedBy: z.enum(ROUTED_BY) })),
  })
  .meta({ id: 'RoutedComplaints' });
export type RoutedComplaints = z.infer<typeof RoutedComplaintsSchema>;

export const CreateMerchantInput = z.strictObject({
  name: text(200),
  creditCode: CreditCodeSchema,
  slaPolicy: CodeSchema.default('standard'),
});
export const CreateUserInput = z.strictObject({
  email: z.email().max(200),
  name: text(100).optional(),
  password: plainString().min(10).max(200),
  role: RoleSchema,
  merchantId: MerchantId.optional(),
  stationId: StationId.optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;
/** A user's new role, and for a commission admin their new merchant or station (as on invite). */
export const SetUserRoleInput = z.strictObject({
  role: RoleSchema,
  merchantId: MerchantId.optional(),
  stationId: StationId.optional(),
});
export type SetUserRoleInput = z.infer<typeof SetUserRoleInput>;
/** A new password that an admin sets for a user; it ends the user's sessions. */
export const ResetPasswordInput = z.strictObject({ password: CreateUserInput.shape.password });
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;
export const CreateApiClientInput = z.strictObject({
  name: text(100),
  actsAs: z.enum(['merchant', 'station', 'commission']).optional(),
  merchantId: MerchantId.optional(),
  stationId: StationId.optional(),
});
export type CreateApiClientInput = z.infer<typeof CreateApiClientInput>;

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** The audit of full-phone reveals, newest first; `complaintId` narrows it to one complaint. */
export const ListPhoneRevealsQuery = z.strictObject({
  ...ListQuery.shape,
  complaintId: ComplaintId.optional(),
});
export type ListPhoneRevealsQuery = z.infer<typeof ListPhoneRevealsQuery>;

/** The audit of reads of the consumer's files, newest first; `complaintId` narrows it to one complaint. */
export const ListAttachmentReadsQuery = z.strictObject({
  ...ListQuery.shape,
  complaintId: ComplaintId.optional(),
});
export type ListAttachmentReadsQuery = z.infer<typeof ListAttachmentReadsQuery>;

export const ListEventsQuery = z.strictObject({
  after: EventId.optional(),
  types: z
    .string()
    .max(1_000)
    .transform((s) => s.split(',').filter(Boolean))
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

export const TokenRequest = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(100),
  client_secret: z.string().min(1).max(200),
  scope: z.string().max(500).optional(),
});

// ---- inputs of the smaller routes (the OpenAPI document imports these same objects) ------

/** Staff record the consumer's answer to a proposal (the consumer link sends the same). */
export const ProposalAnswerInput = z.strictObject({
  accept: z.boolean(),
  comment: plainString().trim().min(1).max(2_000).optional(),
});
// `online` without its default: a PATCH that does not name it must not change it.
export const UpdateStationInput = z
  .strictObject({ ...CreateStationInput.shape, online: z.boolean() })
  .partial();
export const UpdateMerchantInput = z.strictObject({
  name: plainString().trim().min(1).max(200).optional(),
  slaPolicy: CodeSchema.optional(),
});
export const ExportSettlementsQuery = ListSettlementsQuery.omit({ limit: true, cursor: true }).extend({
  lang: CsvLang,
});
export const CalendarYearParam = z.coerce.number().int().min(1900).max(2200);
export const DeadlineQuery = z.strictObject({
  from: Timestamp,
  amount: z.coerce.number().int().min(0).max(365),
  unit: SlaUnitSchema,
});
/** `PUT /api/v1/calendars/{year}`: checked in full by `CalendarYearSchema` once the year is known. */
export const CalendarInput = z.strictObject({
  year: z.number().int().optional(),
  daysOff: z.array(z.string()).max(366),
  workdays: z.array(z.string()).max(366),
});
/** 消费者满意度 — a rating from 1 to 5, with an optional comment. */
export const SatisfactionInput = z.strictObject({
  rating: z.coerce.number().int().min(1).max(5),
  comment: plainString().trim().min(1).max(2_000).optional(),
});
export type SatisfactionInput = z.infer<typeof SatisfactionInput>;
