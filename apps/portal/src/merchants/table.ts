import type { Selectable } from 'kysely';

export interface MerchantTable {
  id: string;
  name: string;
  credit_code: string;
  sla_policy: string;
  created_at: number;
  updated_at: number;
}
export type MerchantRow = Selectable<MerchantTable>;
