import { CreateUserInput } from '@redress/core';
import { Hono } from 'hono';
import { principalOf } from '../auth/middleware';
import { type AppDeps, withPrincipal } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { createUser, listUsers } from './service';

export function userRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof principalOf>[0]) => withPrincipal(deps, principalOf(c));
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ data: await listUsers(ctx(c)), nextCursor: null }))
    .post('/', validate('json', CreateUserInput), async (c) =>
      c.json(await createUser(ctx(c), c.req.valid('json')), 201),
    );
}
