import { CreateStationInput, pageOf, StationId, StationSchema, UpdateStationInput } from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { createStation, deleteStation, getStation, listStations, updateStation } from './service';

const tag = 'Stations';
const params = { id: StationId };
const station = { status: 200, schema: StationSchema, description: 'The station.' } as const;

/** `/api/v1/stations…`: liaison stations; commission admins change them. */
export const stationOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/stations',
      operationId: 'listStations',
      summary: 'List liaison stations',
      tag,
      access: 'read',
      success: { status: 200, schema: pageOf(StationSchema), description: 'One page of liaison stations.' },
      errors: [403],
    },
    async (c, deps) => ({ data: await listStations(contextOf(deps, c)), nextCursor: null }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/stations',
      operationId: 'createStation',
      summary: 'Create a liaison station',
      description: 'Commission admins.',
      tag,
      access: 'write',
      body: { name: 'CreateStationInput', schema: CreateStationInput },
      success: { ...station, status: 201 },
    },
    (c, deps) => createStation(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/stations/{id}',
      operationId: 'getStation',
      summary: 'Get a liaison station',
      tag,
      access: 'read',
      params,
      success: station,
    },
    (c, deps) => getStation(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'patch',
      path: '/api/v1/stations/{id}',
      operationId: 'updateStation',
      summary: 'Change a liaison station',
      description: 'Commission admins.',
      tag,
      access: 'write',
      params,
      body: { name: 'UpdateStationInput', schema: UpdateStationInput },
      success: station,
    },
    (c, deps) => updateStation(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'delete',
      path: '/api/v1/stations/{id}',
      operationId: 'deleteStation',
      summary: 'Delete a liaison station',
      description:
        'Commission admins. A station with history (users, settlements, complaints) is taken offline instead.',
      tag,
      access: 'write',
      params,
      success: { status: 204, description: 'Deleted, or taken offline.' },
    },
    async (c, deps) => {
      await deleteStation(contextOf(deps, c), c.req.valid('param').id);
      return undefined;
    },
  ),
];

export function stationRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/stations', stationOperations);
}
