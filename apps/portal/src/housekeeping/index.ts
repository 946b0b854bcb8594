/**
 * The front door of `housekeeping/`: the hourly housekeeping job. Other folders import only this file
 * (docs/architecture.md, "Who may import whom").
 */
export { housekeeping } from './job';
