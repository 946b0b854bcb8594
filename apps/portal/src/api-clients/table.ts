import type { ApiClient } from '@redress/core';
import type { Selectable } from 'kysely';

export interface ApiClientTable {
  id: string;
  name: string;
  /** SHA-256 of the secret: secrets are 256 random bits, so a slow hash adds nothing. */
  secret_hash: string;
  acts_as: ApiClient['actsAs'];
  merchant_id: string | null;
  station_id: string | null;
  created_by: string | null;
  created_at: number;
  revoked_at: number | null;
}
export type ApiClientRow = Selectable<ApiClientTable>;
