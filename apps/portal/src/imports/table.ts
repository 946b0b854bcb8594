import type { ImportFormat, ImportProfile, PrincipalKind, Routing, RowResult } from '@redress/core';
import type { Selectable } from 'kysely';

/** One import (instants epoch ms; `dry_run` 0/1; the counts move as the rows are read). */
export interface ImportTable {
  id: string;
  format: ImportFormat;
  profile: ImportProfile | null;
  dry_run: number;
  file_name: string | null;
  status: 'running' | 'done' | 'failed';
  created_by_kind: PrincipalKind;
  created_by_id: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  rows: number;
  imported: number;
  unchanged: number;
  changed: number;
  rejected: number;
  /** JSON array: the file's header (CSV, xlsx), for the rejected rows' CSV. */
  header: string | null;
  /** Why a failed import stopped: `{ message, errors }` (JSON). */
  failure: string | null;
}
export type ImportTableRow = Selectable<ImportTable>;

/** One row's result; `errors`, `fields` and `cells` are JSON. */
export interface ImportRowTable {
  import_id: string;
  line: number;
  external_ref: string | null;
  result: RowResult;
  complaint_id: string | null;
  routing: Routing | null;
  merchant_id: string | null;
  errors: string | null;
  fields: string | null;
  /** A rejected row as it came: its cells (CSV, xlsx) as a JSON array, or the line's text (JSON Lines). */
  cells: string | null;
}
export type ImportRowRow = Selectable<ImportRowTable>;
