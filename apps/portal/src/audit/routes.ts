import { ListPhoneRevealsQuery } from '@redress/core';
import { Hono } from 'hono';
import { type AppDeps, withPrincipal } from '../context';
import type { AppEnv } from '../http/env';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { listPhoneReveals } from './phone-reveals';

/** `/api/v1/audit`: what the commission audits. Commission admins only. */
export function auditRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/phone-reveals', validate('query', ListPhoneRevealsQuery), async (c) =>
    c.json(await listPhoneReveals(withPrincipal(deps, principalOf(c)), c.req.valid('query'))),
  );
}
