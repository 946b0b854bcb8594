/**
 * The front door of `cases/`: typical cases (典型案例) — drafted from ended complaints without the
 * consumer's personal details, published, read by anyone, unpublished with an audit. Other
 * folders import only this file (docs/architecture.md, "Who may import whom").
 */
export { casePages } from './pages';
export { caseOperations, publicCaseRoutes, staffCaseRoutes } from './routes';
export { caseOfComplaint } from './service';
