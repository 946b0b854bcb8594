import type { Selectable } from 'kysely';

export interface MerchantTable {
  id: string;
  name: string;
  credit_code: string;
  /** The name's normal form (`businessNameKey` of core), which matching compares. */
  name_key: string;
  sla_policy: string;
  created_at: number;
  updated_at: number;
}
export type MerchantRow = Selectable<MerchantTable>;

/** Other names a merchant is known by (a shop sign, a brand, an old name), kept by admins. */
export interface MerchantAliasTable {
  merchant_id: string;
  alias: string;
  /** `businessNameKey(alias)`: unique, one alias names one merchant. */
  alias_key: string;
  created_at: number;
}
export type MerchantAliasRow = Selectable<MerchantAliasTable>;
