import { CreateUserInput, ResetPasswordInput, SetUserRoleInput, UserId } from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { disableUser, enableUser, getUser, resetPassword, setUserRole } from './access';
import { createUser, listUsers } from './service';

const Params = z.object({ id: UserId });

export function userRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ data: await listUsers(ctx(c)), nextCursor: null }))
    .post('/', validate('json', CreateUserInput), async (c) =>
      c.json(await createUser(ctx(c), c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', Params), async (c) =>
      c.json(await getUser(ctx(c), c.req.valid('param').id)),
    )
    .post('/:id/disable', validate('param', Params), async (c) =>
      c.json(await disableUser(ctx(c), c.req.valid('param').id)),
    )
    .post('/:id/enable', validate('param', Params), async (c) =>
      c.json(await enableUser(ctx(c), c.req.valid('param').id)),
    )
    .put('/:id/role', validate('param', Params), validate('json', SetUserRoleInput), async (c) =>
      c.json(await setUserRole(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .post('/:id/reset-password', validate('param', Params), validate('json', ResetPasswordInput), async (c) =>
      c.json(await resetPassword(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    );
}
