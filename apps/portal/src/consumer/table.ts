import type { Selectable } from 'kysely';

/** 消费者满意度 — one rating per complaint, given through the consumer link. */
export interface SatisfactionTable {
  complaint_id: string;
  rating: number;
  comment: string | null;
  created_at: number;
  updated_at: number;
}
export type SatisfactionRow = Selectable<SatisfactionTable>;
