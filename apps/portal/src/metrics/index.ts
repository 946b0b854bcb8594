/**
 * The front door of `metrics/`: the Prometheus metrics and their endpoint. Other folders import only this
 * file (docs/architecture.md, "Who may import whom").
 */
export { Metrics } from './metrics';
export { measureRequests, metricsRoutes, startMetricsServer } from './routes';
