import { randomBytes } from 'node:crypto';
import { ENDED_STATUSES } from '@redress/core';
import { type RawBuilder, sql } from 'kysely';
import type { AppDeps } from '../context';
import { IDEMPOTENCY_TTL_MS } from '../idempotency';
import type { Job } from '../jobs/runner';
import { claimLease } from './lease';
import { erasePersonalData } from './retention';

/** Housekeeping runs once per this period in the whole deployment (the lease spaces the runs). */
export const HOUSEKEEPING_EVERY_MS = 3_600_000;
/** Rows per DELETE: each is a short transaction, so writers are never held up for long. */
const BATCH = 1_000;
const DAY_MS = 86_400_000;

export interface HousekeepingResult {
  idempotencyKeys: number;
  /** Short consumer links past their expiry. */
  consumerLinks: number;
  sessions: number;
  webhookAttempts: number;
  webhookDeliveries: number;
  slaNotices: number;
  /** Notice mails sent, dropped or given up on before the delivery log's retention, and the used digest items. */
  noticeMails: number;
  /** Complaints whose consumer's personal data was erased (retention.ts). */
  erased: number;
}

/** Deletes the rows of `table` whose `key` the subselect names, a batch at a time, until none is left. */
async function deleteBatches(
  deps: Pick<AppDeps, 'db'>,
  table: string,
  key: string,
  candidates: RawBuilder<unknown>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const result =
      await sql`delete from ${sql.table(table)} where ${sql.ref(key)} in (${candidates} limit ${BATCH})`.execute(
        deps.db,
      );
    const n = Number(result.numAffectedRows ?? 0n);
    total += n;
    if (n === 0) return total;
  }
}

/**
 * One pass of housekeeping: deletes what nobody needs any more, and erases the personal data
 * whose retention period is over.
 * - idempotency keys past their 24 hours;
 * - sessions that expired or were ended (sign-out, a disabled user, a new password);
 * - webhook attempts older than REDRESS_WEBHOOK_LOG_RETENTION_DAYS, and the deliveries that
 *   succeeded before then (a failed or pending one stays, for its endpoint's owner to see);
 * - notice mails sent, dropped or given up on before then (a pending one stays: it is the outbox),
 *   and the digest items already put in a digest (a digest is rendered within three days);
 * - the SLA notices of ended complaints (no deadline of theirs can come again);
 * - what an upload cut off by a crash left a day ago or more: on PostgreSQL the attachment chunks
 *   that no attachment names, on SQLite the temporary files in the data folder's `attachments/tmp/`.
 */
export async function housekeep(deps: AppDeps): Promise<HousekeepingResult> {
  const now = deps.clock.now();
  const logCutoff = now - deps.config.webhookLogRetentionDays * DAY_MS;
  const ended = sql.join(ENDED_STATUSES.map((s) => sql`${s}`));
  const idempotencyKeys = Number(
    (
      await deps.db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', now - IDEMPOTENCY_TTL_MS)
        .executeTakeFirst()
    ).numDeletedRows,
  );
  const sessions = await deleteBatches(
    deps,
    'sessions',
    'id',
    sql`select id from sessions where expires_at < ${now} or revoked_at is not null`,
  );
  const webhookAttempts = await deleteBatches(
    deps,
    'webhook_attempts',
    'seq',
    sql`select seq from webhook_attempts where started_at < ${logCutoff}`,
  );
  const webhookDeliveries = await deleteBatches(
    deps,
    'webhook_deliveries',
    'id',
    sql`select id from webhook_deliveries where status = 'succeeded' and delivered_at < ${logCutoff}`,
  );
  const slaNotices = await deleteBatches(
    deps,
    'sla_notices',
    'complaint_id',
    sql`select distinct n.complaint_id from sla_notices n join complaints c on c.id = n.complaint_id
        where c.status in (${ended}) and c.next_due_at is null`,
  );
  const noticeMails = await deleteBatches(
    deps,
    'notice_mails',
    'id',
    sql`select id from notice_mails where status in ('sent', 'dropped', 'failed') and created_at < ${logCutoff}`,
  );
  await deps.db
    .deleteFrom('notice_digest_items')
    .where('digest_id', 'is not', null)
    .where('created_at', '<', logCutoff)
    .execute();
  const consumerLinks = await deleteBatches(
    deps,
    'consumer_links',
    'code',
    sql`select code from consumer_links where expires_at < ${now}`,
  );
  const erased = await erasePersonalData(deps);
  // An upload cut off by a crash before its row was written: its chunks, or its temporary file.
  await deps.attachments.sweepOrphans(now - DAY_MS);
  return {
    idempotencyKeys,
    sessions,
    webhookAttempts,
    webhookDeliveries,
    noticeMails,
    slaNotices,
    consumerLinks,
    erased,
  };
}

/**
 * Housekeeping if this worker can take the lease (for the next hour): of any number of
 * workers and portal processes, one runs it per hour. Null when another holds it.
 */
export async function runHousekeeping(deps: AppDeps, owner: string): Promise<HousekeepingResult | null> {
  if (!(await claimLease(deps.db, 'housekeeping', owner, deps.clock.now(), HOUSEKEEPING_EVERY_MS)))
    return null;
  return housekeep(deps);
}

const processOwner = `${process.pid}-${randomBytes(6).toString('base64url')}`;

/** The housekeeping job, inside `serve` and in `redress worker`: looks for the lease every 5 minutes. */
export const housekeeping: Job = {
  name: 'housekeeping',
  intervalMs: 5 * 60_000,
  async run(runtime) {
    const result = await runHousekeeping(runtime, processOwner);
    if (result && Object.values(result).some((n) => n > 0)) runtime.log.info('housekeeping', { ...result });
    return 0;
  },
};
