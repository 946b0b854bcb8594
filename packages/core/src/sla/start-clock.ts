import { deadline } from './deadline';
import type { SlaPolicy } from './policies';
import type { WorkingCalendar } from './working-calendar';

/** The two deadlines a merchant gets when a complaint is assigned to it. */
export interface SlaClock {
  acknowledgeDueAt: number;
  settleDueAt: number;
  /** True when either deadline consulted a year without calendar data. */
  calendarGap: boolean;
  /** True when either deadline consulted a year counted on the provisional calendar. */
  calendarProvisional: boolean;
}

/**
 * Starts the merchant's clock at assignment (分派): both deadlines are counted from the
 * assignment instant. The settle deadline is never earlier than the acknowledge deadline,
 * which a policy mixing units (2 working days to acknowledge, 2 calendar days to settle)
 * could otherwise produce around a holiday.
 *
 * @example
 * startClock(defaultCalendar(), DEFAULT_POLICIES.standard, Date.parse('2026-02-13T10:00:00+08:00'));
 * // acknowledge by 24:00 on 2026-02-24: the 14th (a Saturday) is worked, 15th–23rd are Spring Festival
 */
export function startClock(calendar: WorkingCalendar, policy: SlaPolicy, assignedAtMs: number): SlaClock {
  const acknowledge = deadline(calendar, assignedAtMs, policy.acknowledge.amount, policy.acknowledge.unit);
  const settle = deadline(calendar, assignedAtMs, policy.settle.amount, policy.settle.unit);
  return {
    acknowledgeDueAt: acknowledge.dueAt,
    settleDueAt: Math.max(settle.dueAt, acknowledge.dueAt),
    calendarGap: acknowledge.calendarGap || settle.calendarGap,
    calendarProvisional: acknowledge.calendarProvisional || settle.calendarProvisional,
  };
}
