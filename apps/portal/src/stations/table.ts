import type { Selectable } from 'kysely';

export interface StationTable {
  id: string;
  name: string;
  address: string;
  host: string;
  online: number;
  created_at: number;
  updated_at: number;
}
export type StationRow = Selectable<StationTable>;
