/**
 * The front door of `seed/`: the demo world. Other folders import only this file (docs/architecture.md,
 * "Who may import whom").
 */
export { DEMO_PASSWORD, isEmpty, seedDemo } from './demo';
