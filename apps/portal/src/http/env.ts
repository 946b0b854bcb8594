import type { AuthVariables } from '../auth/middleware';

/** The Hono environment of the portal: what middleware sets on `c.var`. */
export type AppEnv = { Variables: AuthVariables & { requestId: string } };
