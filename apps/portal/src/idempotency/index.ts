/**
 * The front door of `idempotency/`: the `Idempotency-Key` middleware. Other folders import only this file
 * (docs/architecture.md, "Who may import whom").
 */
export { IDEMPOTENCY_TTL_MS, idempotency } from './middleware';
