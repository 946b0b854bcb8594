import type { Outcome, SettlementChannel } from '@redress/core';
import type { Selectable } from 'kysely';

export interface SettlementTable {
  id: string;
  complaint_id: string | null;
  station_id: string | null;
  merchant_id: string | null;
  merchant_name: string;
  credit_code: string | null;
  channel: SettlementChannel;
  outcome: Outcome;
  amount_fen: number;
  consumer_accepted: number;
  summary: string;
  recorded_by: string;
  recorded_at: number;
}
export type SettlementRow = Selectable<SettlementTable>;
