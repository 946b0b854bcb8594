import type { Kysely } from 'kysely';
import type { Database } from '../db/database';

/**
 * Takes the lease of a job for `ms` if nobody holds it: one statement, an upsert that only
 * overwrites a lease that has run out. Of two workers racing, one inserts (or overwrites) and
 * gets its row back, the other gets nothing (on PostgreSQL it waits for the first to commit,
 * then finds the lease live). Returns whether this owner holds it now.
 */
export async function claimLease(
  db: Kysely<Database>,
  name: string,
  owner: string,
  now: number,
  ms: number,
): Promise<boolean> {
  const rows = await db
    .insertInto('job_leases')
    .values({ name, owner, lease_until: now + ms, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, lease_until: now + ms, updated_at: now })
        .where('job_leases.lease_until', '<=', now),
    )
    .returning('owner')
    .execute();
  return rows.length === 1 && rows[0]!.owner === owner;
}
