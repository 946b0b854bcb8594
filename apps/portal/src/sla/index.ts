/**
 * The front door of `sla/`: the SLA clock on the database: an action's consequences, the state as SQL,
 * calendars, policies. Other folders import only this file (docs/architecture.md, "Who may import whom").
 */
export { SlaBadge, timeLeftText } from './badge';
export { CalendarStore } from './calendar-store';
export { escalationFactsOf, slaChanges } from './clock';
export {
  commissionDeadline,
  commissionOf,
  FIRST_PASSED,
  overdueCondition,
  staffDueColumns,
} from './commission';
export { calendarPages } from './pages';
export { getPolicy, listPolicies, merchantPolicy, type PolicyRecord, savePolicy, toPolicy } from './policies';
export { policyOperations, policyRoutes } from './policy-routes';
export { calendarOperations, calendarRoutes } from './routes';
export { type TimeLeft, timeLeft } from './time-left';
export { dueSoonBefore, type SlaMoving, type SlaView, slaMoving, slaOf, slaStateCondition } from './view';
