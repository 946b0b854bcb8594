/**
 * The front door of `consumer/`: the consumer link: its JSON API and its page. Other folders import only
 * this file (docs/architecture.md, "Who may import whom").
 */
export { consumerPages } from './pages';
export { consumerApiRoutes, consumerOperations } from './routes';
export { rateSatisfaction } from './service';
