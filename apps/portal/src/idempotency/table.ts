export interface IdempotencyKeyTable {
  principal: string;
  key: string;
  request_hash: string;
  /** null while the first request is still being answered. */
  status: number | null;
  body: string | null;
  created_at: number;
}
