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
