import type { Transact } from '../db/transact';
import type { Principal } from './principal';

/** What `authenticate` (auth/middleware.ts) sets on `c.var`: who is calling, and how. */
export type AuthVariables = {
  principal: Principal | undefined;
  sessionId: string | undefined;
  /** A keyed POST's own `transact` (idempotency/middleware.ts), which `contextOf` gives the services. */
  transact: Transact | undefined;
};

/** The Hono environment of the portal: what middleware sets on `c.var`. */
export type AppEnv = { Variables: AuthVariables & { requestId: string } };
