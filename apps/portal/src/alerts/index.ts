/**
 * The front door of `alerts/`: the early warning — EARS alerts per series (core's `ears.ts`),
 * their daily evaluation, routes and pages. Other folders import only this file
 * (docs/architecture.md, "Who may import whom").
 */
export { alertEvaluation } from './job';
export { alertPages, openAlertsSlot } from './pages';
export { alertOperations, alertRoutes } from './routes';
export { countOpenAlerts, evaluateAlerts, listAlerts } from './service';
