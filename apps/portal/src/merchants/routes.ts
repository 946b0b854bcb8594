import { CreateMerchantInput, MerchantId, UpdateMerchantInput } from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { createMerchant, getMerchant, listMerchants, ownMerchant, updateMerchant } from './service';

const Params = z.object({ id: MerchantId });

/** `/api/v1/merchant` (the caller's own) and `/api/v1/merchants` (staff read, admin write). */
export function merchantRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  const own = new Hono<AppEnv>().get('/', async (c) => c.json(await ownMerchant(ctx(c))));
  const all = new Hono<AppEnv>()
    .get('/', async (c) => c.json({ data: await listMerchants(ctx(c)), nextCursor: null }))
    .post('/', validate('json', CreateMerchantInput), async (c) =>
      c.json(await createMerchant(ctx(c), c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', Params), async (c) =>
      c.json(await getMerchant(ctx(c), c.req.valid('param').id)),
    )
    .patch('/:id', validate('param', Params), validate('json', UpdateMerchantInput), async (c) =>
      c.json(await updateMerchant(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    );
  return { own, all };
}
