import type { Selectable } from 'kysely';

/**
 * A typical case (典型案例) published from an ended complaint; unpublishing keeps the row, with
 * who took it down, when and why (the audit). Instants are epoch ms.
 */
export interface TypicalCaseTable {
  id: string;
  complaint_id: string;
  title: string;
  summary: string;
  resolution: string;
  lesson: string;
  category: string;
  /** JSON array of tag codes. */
  tags: string;
  published_by: string | null;
  published_at: number;
  unpublished_by: string | null;
  unpublished_at: number | null;
  unpublish_reason: string | null;
}
export type TypicalCaseRow = Selectable<TypicalCaseTable>;
