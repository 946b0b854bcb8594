/**
 * The SQL kysely compiles for the portal's inbox (`listComplaints` for a merchant, no filters,
 * newest first, `limit + 1` rows). bench/spine.ts checks that it still matches before it is
 * used as the floor.
 */
export const INBOX_SQL =
  'select "complaints".* from "complaints" where "complaints"."merchant_id" = ? ' +
  'order by "complaints"."received_at" desc, "complaints"."id" desc limit ?';
