import type { CommissionStage, SlaStage } from '@redress/core';
import type { Generated } from 'kysely';

export interface SlaPolicyTable {
  code: string;
  name_zh: string;
  name_en: string;
  ack_amount: number;
  ack_unit: string;
  settle_amount: number;
  settle_unit: string;
  answer_amount: number;
  answer_unit: string;
  updated_at: number;
  /** The current version: the row of `sla_policy_versions` that complaints assigned from now on get. */
  version: Generated<number>;
}

/** Every version of every policy, never changed: a complaint's clock reads the one of its assignment. */
export interface SlaPolicyVersionTable {
  code: string;
  version: number;
  /** When this version took effect (0: since always); it holds for complaints assigned from then on. */
  valid_from: number;
  name_zh: string;
  name_en: string;
  ack_amount: number;
  ack_unit: string;
  settle_amount: number;
  settle_unit: string;
  answer_amount: number;
  answer_unit: string;
  /** The admin who saved it (null: shipped, or the migration). */
  changed_by: string | null;
}

/** Working-day calendars loaded by commission admins (beyond or replacing the shipped years). */
export interface CalendarTable {
  year: number;
  days_off: string;
  workdays: string;
  updated_at: number;
  /** Where the year came from: `api` (PUT /api/v1/calendars), `json` (a holiday-cn file), `notice` (pasted text). */
  source: Generated<string>;
  /** The admin who loaded it (null from the CLI). */
  loaded_by: string | null;
}

/** One row per complaint, stage and notice: the primary key makes each notice happen once. */
export interface SlaNoticeTable {
  complaint_id: string;
  stage: SlaStage | CommissionStage;
  kind: 'due_soon' | 'breached';
  due_at: number;
  created_at: number;
}
