import type { Role } from '@redress/core';
import type { Selectable } from 'kysely';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  merchant_id: string | null;
  station_id: string | null;
  created_at: number;
  disabled_at: number | null;
  /** Raised whenever a session of this user must end (disabled, role or placement, password). */
  credentials_version: number;
}
export type UserRow = Selectable<UserTable>;

export interface SessionTable {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The user's credentials version at sign-in: the session is live only while it is current. */
  credentials_version: number;
}
