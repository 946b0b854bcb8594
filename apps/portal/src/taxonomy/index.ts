/**
 * The front door of `taxonomy/`: the categories and tags. Other folders import only this file
 * (docs/architecture.md, "Who may import whom").
 */
export { ensureReferenceData } from './reference-data';
export { taxonomyOperations, taxonomyRoutes } from './routes';
export { taxonomyLabels } from './service';
