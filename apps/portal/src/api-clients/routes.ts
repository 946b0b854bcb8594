import { ApiClientId, CreateApiClientInput } from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { createApiClient, listApiClients, revokeApiClient } from './service';

const Params = z.object({ id: ApiClientId });

export function apiClientRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ data: await listApiClients(ctx(c)), nextCursor: null }))
    .post('/', validate('json', CreateApiClientInput), async (c) =>
      c.json(await createApiClient(ctx(c), c.req.valid('json')), 201),
    )
    .delete('/:id', validate('param', Params), async (c) => {
      await revokeApiClient(ctx(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
