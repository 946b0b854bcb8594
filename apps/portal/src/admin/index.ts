/**
 * The front door of `admin/`: the commission admin's pages (merchants, stations, SLA policies and
 * the start page that links the users, calendars and audit pages), made of the other features'
 * services through their front doors. Other folders import only this file (docs/architecture.md,
 * "Who may import whom").
 */
export { adminPages } from './pages';
