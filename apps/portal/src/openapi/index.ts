/**
 * The front door of `openapi/`: the OpenAPI document and `/api/docs`. Other folders import only this file
 * (docs/architecture.md, "Who may import whom").
 */
export { DOCS_STYLE_HASH } from './docs-style';
export { openApiRoutes } from './serve';
