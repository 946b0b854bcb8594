/**
 * The SLA clock: working-day calendars, deadline arithmetic, policies, pause and resume, and
 * the SLA state of a complaint. Pure: no I/O, no clock of its own (`now` is always passed in).
 */
export { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, type CalendarYear, CalendarYearSchema } from './calendar-year';
export { type Deadline, deadline, MAX_PERIOD_DAYS, type SlaUnit } from './deadline';
export { type ResumeInput, remainingDays, resumeDeadline } from './pause';
export {
  COMMISSION_TARGETS,
  DEFAULT_POLICIES,
  MAX_TARGET_DAYS,
  type SlaPolicy,
  SlaPolicySchema,
  type SlaTarget,
  SlaTargetSchema,
} from './policies';
export { defaultCalendar, SHIPPED_CALENDARS } from './shipped-calendars';
export {
  nextDeadline,
  type SlaDeadlines,
  type SlaStage,
  type SlaState,
  type SlaStateInput,
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
