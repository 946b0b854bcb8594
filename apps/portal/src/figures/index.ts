/**
 * The front door of `figures/`: the commission's figures (`GET /api/v1/metrics`), the
 * dashboard and the merchants' scorecards (docs/figures.md).
 */

export { FiguresCache } from './cache';
export type { DashboardSlice } from './dashboard';
export { type AlertsSlot, figurePages } from './pages';
export { figureOperations, figureRoutes } from './routes';
export { merchantScorecard, type Scorecard } from './scorecard';
export { computeFigures, metrics, metricsScope } from './service';
