import type {
  Channel,
  CommissionStage,
  Complaint,
  EscalationCause,
  PrincipalKind,
  SlaStage,
  Status,
} from '@redress/core';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Instants are epoch milliseconds (bigint in PostgreSQL, integer in SQLite); booleans are 0/1. */
export interface ComplaintTable {
  id: string;
  reference: string;
  kind: Complaint['kind'];
  status: Status;
  channel: Channel;
  merchant_id: string | null;
  /** A business that is not a networked merchant (null when `merchant_id` names one, or none was named). */
  business_name: Generated<string | null>;
  business_credit_code: Generated<string | null>;
  /** `businessNameKey(business_name)`, for matching and duplicates. */
  business_name_key: Generated<string | null>;
  /** The complaint this one was merged into as a duplicate (it is closed). */
  duplicate_of: Generated<string | null>;
  station_id: string | null;
  external_ref: string | null;
  subject: string;
  description: string;
  category: string;
  /** JSON array of tag codes, for rendering; `complaint_tags` serves the filter. */
  tags: string;
  consumer_name: string;
  consumer_phone: string | null;
  consumer_is_minor: number;
  claim_fen: number | null;
  /** The proposal waiting for the consumer's answer (JSON), and the open information request. */
  pending_proposal: string | null;
  pending_info_request: string | null;
  sla_policy: string | null;
  ack_due_at: number | null;
  settle_due_at: number | null;
  paused_at: number | null;
  calendar_gap: number;
  /** 1 when a deadline was counted on the provisional calendar (no notice loaded for a year it reached). */
  calendar_provisional: Generated<number>;
  /** The deadline that matters now (ack or settle), null when paused or out of the merchant's hands. */
  next_due_at: number | null;
  next_due_stage: SlaStage | null;
  /** When a proposal made before the settle deadline stopped the settle clock; the consumer's answer window. */
  stopped_at: number | null;
  answer_due_at: number | null;
  /** When the sweeper must escalate (settle deadline, or end of the answer window); why it was escalated. */
  escalate_at: number | null;
  escalation_cause: EscalationCause | null;
  /** The commission's deadlines: accept (art. 15) and mediation (art. 23), and the one running now. */
  accept_due_at: number | null;
  accepted_at: number | null;
  mediation_due_at: number | null;
  mediation_ended_at: number | null;
  staff_due_at: number | null;
  staff_due_stage: CommissionStage | null;
  acknowledged_at: number | null;
  settled_at: number | null;
  escalated_at: number | null;
  closed_at: number | null;
  settlement_id: string | null;
  received_at: number;
  assigned_at: number | null;
  updated_at: number;
  version: number;
  /** When the consumer's personal data was erased after the retention period (housekeeping/retention.ts). */
  personal_data_erased_at: Generated<number | null>;
}
export type ComplaintRow = Selectable<ComplaintTable>;
export type NewComplaintRow = Insertable<ComplaintTable>;
export type ComplaintUpdate = Updateable<ComplaintTable>;

export interface ComplaintTagTable {
  complaint_id: string;
  tag: string;
}

/** Every read of a consumer's full phone number (个人信息保护). */
export interface AuditLogTable {
  id: Generated<number>;
  actor_kind: PrincipalKind;
  actor_id: string | null;
  action: string;
  complaint_id: string | null;
  created_at: number;
}

/** Counters such as the reference number sequence per year. */
export interface SequenceTable {
  name: string;
  value: number;
}

/** Messages to consumers (SMS in production; this table and the log in development). */
export interface NotificationTable {
  id: string;
  complaint_id: string;
  /** `sms` to consumers; `email` for notice mails kept here when no SMTP is configured. */
  channel: 'sms' | 'email';
  recipient: string;
  body: string;
  link: string | null;
  created_at: number;
}
