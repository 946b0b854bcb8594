/**
 * The front door of `audit/`: the audit trail: who saw a consumer's whole phone number, who read
 * a file the consumer attached. Other folders import only this file (docs/architecture.md, "Who
 * may import whom").
 */

export { CONSUMER_ATTACHMENT_READ_ACTION } from './attachment-reads';
export { auditPages } from './pages';
export { PHONE_REVEAL_ACTION } from './phone-reveals';
export { auditOperations, auditRoutes } from './routes';
