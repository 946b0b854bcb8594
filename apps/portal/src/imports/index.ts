/**
 * The front door of `imports/`: bulk intake of complaints from files (JSON Lines, CSV, xlsx,
 * the CFPB profile), each row's result, the staff's imports page. Other folders import only
 * this file (docs/architecture.md, "Who may import whom").
 */

export { type ImportCommandOptions, importCommand } from './command';
export { importPages } from './pages';
export { importJson, loadImport } from './read';
export { importOperations, importRoutes } from './routes';
export { type ImportProgress, type ImportSource, runImport } from './service';
