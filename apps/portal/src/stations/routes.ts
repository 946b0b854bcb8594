import { CreateStationInput, StationId, UpdateStationInput } from '@redress/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, contextOf } from '../context';
import type { AppEnv } from '../http/env';
import { validate } from '../http/validate';
import { createStation, deleteStation, getStation, listStations, updateStation } from './service';

const Params = z.object({ id: StationId });

export function stationRoutes(deps: AppDeps) {
  const ctx = (c: Parameters<typeof contextOf>[1]) => contextOf(deps, c);
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ data: await listStations(ctx(c)), nextCursor: null }))
    .post('/', validate('json', CreateStationInput), async (c) =>
      c.json(await createStation(ctx(c), c.req.valid('json')), 201),
    )
    .get('/:id', validate('param', Params), async (c) =>
      c.json(await getStation(ctx(c), c.req.valid('param').id)),
    )
    .patch('/:id', validate('param', Params), validate('json', UpdateStationInput), async (c) =>
      c.json(await updateStation(ctx(c), c.req.valid('param').id, c.req.valid('json'))),
    )
    .delete('/:id', validate('param', Params), async (c) => {
      await deleteStation(ctx(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
}
