import { type Action, nextDeadline, resumeDeadline, type Status, startClock } from '@redress/core';
import type { Kysely } from 'kysely';
import type { ComplaintRow, ComplaintUpdate } from '../complaints/table';
import type { Database } from '../db/database';
import type { CalendarStore } from './calendar-store';
import { loadPolicy, merchantPolicy } from './policies';

export interface ClockChange {
  action: Action | 'intake';
  to: Status;
  now: number;
  merchantId: string | null;
}

/**
 * What a transition does to the SLA columns, using the rules of `@redress/core`: assignment
 * starts the clock with the merchant's policy (a policy change applies to complaints assigned
 * afterwards), `awaiting_consumer` pauses it, the consumer's reply resumes it with the days
 * that were left, and `next_due_at` always holds the deadline that matters now (the sweeper's index).
 */
export async function slaChanges(
  db: Kysely<Database>,
  calendars: CalendarStore,
  before: Pick<ComplaintRow, 'ack_due_at' | 'settle_due_at' | 'paused_at' | 'sla_policy' | 'calendar_gap'>,
  change: ClockChange,
): Promise<ComplaintUpdate> {
  let ack = before.ack_due_at;
  let settle = before.settle_due_at;
  const update: ComplaintUpdate = {};
  if (change.action === 'assign' || (change.action === 'intake' && change.to === 'assigned')) {
    if (!change.merchantId) return update;
    const policy = await merchantPolicy(db, change.merchantId);
    const clock = startClock(await calendars.get(change.now, db), policy, change.now);
    ack = clock.acknowledgeDueAt;
    settle = clock.settleDueAt;
    Object.assign(update, {
      sla_policy: policy.code,
      ack_due_at: ack,
      settle_due_at: settle,
      calendar_gap: clock.calendarGap ? 1 : 0,
      calendar_provisional: clock.calendarProvisional ? 1 : 0,
      paused_at: null,
      acknowledged_at: null,
    });
  } else if (change.to === 'awaiting_consumer' && before.paused_at === null) {
    update.paused_at = change.now;
  } else if (before.paused_at !== null && change.to !== 'awaiting_consumer') {
    update.paused_at = null;
    if (change.action === 'consumer_reply' && settle !== null && before.sla_policy) {
      const policy = await loadPolicy(db, before.sla_policy);
      const resumed = resumeDeadline(await calendars.get(change.now, db), {
        dueAt: settle,
        pausedAt: before.paused_at,
        resumedAt: change.now,
        unit: policy.settle.unit,
      });
      settle = resumed.dueAt;
      update.settle_due_at = settle;
      if (resumed.calendarGap) update.calendar_gap = 1;
      if (resumed.calendarProvisional) update.calendar_provisional = 1;
    }
  }
  const next = nextDeadline({ status: change.to, acknowledgeDueAt: ack, settleDueAt: settle });
  update.next_due_at = next?.dueAt ?? null;
  update.next_due_stage = next?.stage ?? null;
  return update;
}
