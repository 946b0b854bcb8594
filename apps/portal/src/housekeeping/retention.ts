import { ENDED_STATUSES, ERASED_TEXT, erasePersonalEventData } from '@redress/core';
import { deleteAttachmentRows, removeUnreferenced } from '../attachments';
import type { AppDeps } from '../context';

const DAY_MS = 86_400_000;
/** Complaints erased per transaction. */
const BATCH = 100;

/**
 * Personal data retention (PIPL): erases the consumer's personal data of every complaint that
 * ended and has not changed for REDRESS_PERSONAL_DATA_RETENTION_DAYS (3 years by default),
 * as `@redress/core`'s retention rule lists it — from the complaint, its events (the timeline,
 * the event feed and the webhook payloads, which are read from the events when sent),
 * notifications, the satisfaction comment, the internal notes' text and the attachments (rows in the transaction, then
 * the bytes no row names any more). What statistics need stays: category, tags,
 * amounts, dates, statuses, outcome, rating. Each erasure is written to the audit log
 * (`personal_data.erased`), in the same transaction. Returns how many complaints it erased.
 */
export async function erasePersonalData(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const cutoff = now - deps.config.personalDataRetentionDays * DAY_MS;
  let total = 0;
  for (;;) {
    const due = await deps.db
      .selectFrom('complaints')
      .select('id')
      .where('status', 'in', [...ENDED_STATUSES])
      .where('personal_data_erased_at', 'is', null)
      .where('updated_at', '<', cutoff)
      .orderBy('updated_at')
      .limit(BATCH)
      .execute();
    if (due.length === 0) return total;
    const ids = due.map((r) => r.id);
    let files: string[] = [];
    await deps.transact(async (trx) => {
      // Checked again in the transaction: another worker's erasure, or a late change, wins.
      const erased = await trx
        .updateTable('complaints')
        .set((eb) => ({
          consumer_name: ERASED_TEXT,
          consumer_phone: null,
          description: ERASED_TEXT,
          personal_data_erased_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', 'in', ids)
        .where('personal_data_erased_at', 'is', null)
        .where('updated_at', '<', cutoff)
        .returning('id')
        .execute();
      const mine = erased.map((r) => r.id);
      if (mine.length === 0) return;
      const events = await trx
        .selectFrom('events')
        .select(['seq', 'type', 'data'])
        .where('complaint_id', 'in', mine)
        .execute();
      for (const e of events) {
        const data = JSON.stringify(erasePersonalEventData(e.type, JSON.parse(e.data)));
        if (data !== e.data) await trx.updateTable('events').set({ data }).where('seq', '=', e.seq).execute();
      }
      await trx
        .updateTable('notifications')
        .set({ recipient: ERASED_TEXT, body: ERASED_TEXT, link: null })
        .where('complaint_id', 'in', mine)
        .execute();
      await trx
        .updateTable('satisfaction')
        .set({ comment: null })
        .where('complaint_id', 'in', mine)
        .execute();
      await trx
        .updateTable('complaint_notes')
        .set({ body: ERASED_TEXT })
        .where('complaint_id', 'in', mine)
        .execute();
      files = await deleteAttachmentRows(trx, mine);
      await trx
        .insertInto('audit_log')
        .values(
          mine.map((id) => ({
            actor_kind: 'system',
            actor_id: null,
            action: 'personal_data.erased',
            complaint_id: id,
            created_at: now,
          })),
        )
        .execute();
      total += mine.length;
    });
    await removeUnreferenced(deps, files);
  }
}
