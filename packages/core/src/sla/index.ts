/**
 * The SLA clock: working-day calendars, deadline arithmetic, policies, pause and resume, and
 * the SLA state of a complaint. Pure: no I/O, no clock of its own (`now` is always passed in).
 */

export {
  type CalendarImport,
  type ImportProblem,
  type ImportProblemCode,
  type NoticeHoliday,
  readHolidayCn,
  readNotice,
} from './calendar-import';
export { CALENDAR_REMINDER_FROM, calendarDue } from './calendar-reminder';
export { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, type CalendarYear, CalendarYearSchema } from './calendar-year';
export {
  type CommissionFacts,
  type CommissionProgress,
  type CommissionStage,
  commissionProgress,
  commissionStages,
  MEDIATION_STATUSES,
  runningCommissionDeadline,
} from './commission';
export { type Deadline, deadline, MAX_PERIOD_DAYS, type SlaUnit } from './deadline';
export {
  ESCALATION_CAUSES,
  type EscalationCause,
  type EscalationFacts,
  escalationDue,
  LEAVING_RULES,
  type LeavingRule,
  type LeavingWay,
  proposalTiming,
} from './escalation';
export { type ResumeInput, remainingDays, resumeDeadline } from './pause';
export {
  COMMISSION_TARGETS,
  DEFAULT_ANSWER_WINDOW,
  DEFAULT_POLICIES,
  MAX_TARGET_DAYS,
  type SlaPolicy,
  SlaPolicyInput,
  SlaPolicySchema,
  type SlaTarget,
  SlaTargetSchema,
} from './policies';
export { recountDeadline } from './recount';
export { defaultCalendar, SHIPPED_CALENDARS } from './shipped-calendars';
export {
  merchantHolds,
  nextDeadline,
  runningState,
  type SlaDeadlines,
  type SlaStage,
  type SlaState,
  type SlaStateInput,
  type StageOutcome,
  type StageResult,
  slaStages,
  slaState,
} from './sla-state';
export { type SlaClock, startClock } from './start-clock';
export {
  hasProvisionalYear,
  holidayLawOf,
  PROVISIONAL_MIN_YEAR,
  provisionalYear,
  type StatutoryHoliday,
  type StatutoryHolidayName,
  statutoryHolidays,
} from './statutory-holidays';
export { WorkingCalendar } from './working-calendar';
