/**
 * The front door of `auth/`: who is calling: signing keys, tokens, passwords, sessions, sign-in. Other
 * folders import only this file (docs/architecture.md, "Who may import whom").
 */
export { AccessCache } from './access-cache';
export { type KeyStore, loadOrCreateKeys, memoryKeys, rotateKeys } from './keys';
export { authenticate, requireAuth, sessionWritesSameOrigin } from './middleware';
export { authPages } from './pages';
export { hashPassword } from './passwords';
export { authOperations, authRoutes, safeNext } from './routes';
export { signConsumerLink, verifyConsumerLink } from './tokens';
