import type { Selectable } from 'kysely';

/** A merchant's reply template (merchant admins manage them). */
export interface ReplyTemplateTable {
  id: string;
  merchant_id: string;
  name: string;
  body: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export type ReplyTemplateRow = Selectable<ReplyTemplateTable>;
