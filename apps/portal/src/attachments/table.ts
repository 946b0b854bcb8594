import type { Actor, AttachmentType, PrincipalKind } from '@redress/core';
import type { Selectable } from 'kysely';

/** A file attached to a complaint: what it is, who attached it, and where its bytes are (`blob_key`). */
export interface AttachmentTable {
  id: string;
  complaint_id: string;
  /** The safe name (core's `safeFileName`), with the detected type's extension. */
  file_name: string;
  /** Detected from the bytes, one of core's ATTACHMENT_TYPES. */
  content_type: AttachmentType;
  size_bytes: number;
  sha256: string;
  /** The SHA-256 on SQLite (the file's name in the data folder); a `blob_…` key on PostgreSQL. */
  blob_key: string;
  note: string | null;
  uploaded_by_kind: PrincipalKind;
  uploaded_by_id: string | null;
  uploaded_by_role: string | null;
  uploaded_by_actor: Actor;
  created_at: number;
  /** The message, information request or consumer's reply (its event) that carries the file; null for none. */
  message_event_id: string | null;
}
export type AttachmentRow = Selectable<AttachmentTable>;

/** The bytes of the attachments on PostgreSQL, 256 KiB a row, in order `n`. */
export interface AttachmentChunkTable {
  blob_key: string;
  n: number;
  data: Uint8Array;
  created_at: number;
}
