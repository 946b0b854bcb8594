import {
  CreateMerchantInput,
  MerchantAliasesSchema,
  MerchantId,
  MerchantSchema,
  pageOf,
  SetMerchantAliasesInput,
  SlaPolicySchema,
  UpdateMerchantInput,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { getMerchantAliases, setMerchantAliases } from './aliases';
import { createMerchant, getMerchant, listMerchants, ownMerchant, updateMerchant } from './service';

const tag = 'Merchants';
const params = { id: MerchantId };

/** `GET /api/v1/merchant`, `GET`/`PATCH /api/v1/merchants/{id}`: the merchant with its SLA policy spelled out. */
export const MerchantWithPolicySchema = MerchantSchema.extend({ policy: SlaPolicySchema }).meta({
  id: 'MerchantWithPolicy',
});
const merchant = { status: 200, schema: MerchantWithPolicySchema, description: 'The merchant.' } as const;

/** `/api/v1/merchant` (the caller's own) and `/api/v1/merchants` (staff read, admin write). */
export const merchantOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/merchant',
      operationId: 'getOwnMerchant',
      summary: 'The caller’s merchant',
      description: 'Merchant users and clients: their merchant, with its SLA policy.',
      tag,
      access: 'read',
      success: merchant,
      errors: [404],
    },
    (c, deps) => ownMerchant(contextOf(deps, c)),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/merchants',
      operationId: 'listMerchants',
      summary: 'List merchants',
      description: 'Commission staff.',
      tag,
      access: 'read',
      success: { status: 200, schema: pageOf(MerchantSchema), description: 'One page of merchants.' },
      errors: [403],
    },
    async (c, deps) => ({ data: await listMerchants(contextOf(deps, c)), nextCursor: null }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/merchants',
      operationId: 'createMerchant',
      summary: 'Register a merchant',
      description: 'Commission admins. The unified social credit code (统一社会信用代码) is unique.',
      tag,
      access: 'write',
      body: { name: 'CreateMerchantInput', schema: CreateMerchantInput },
      success: { status: 201, schema: MerchantSchema, description: 'The merchant.' },
    },
    (c, deps) => createMerchant(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/merchants/{id}',
      operationId: 'getMerchant',
      summary: 'Get a merchant',
      tag,
      access: 'read',
      params,
      success: merchant,
    },
    (c, deps) => getMerchant(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'patch',
      path: '/api/v1/merchants/{id}',
      operationId: 'updateMerchant',
      summary: 'Change a merchant',
      description: 'Commission admins: the name or the SLA policy.',
      tag,
      access: 'write',
      params,
      body: { name: 'UpdateMerchantInput', schema: UpdateMerchantInput },
      success: merchant,
    },
    (c, deps) => updateMerchant(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/merchants/{id}/aliases',
      operationId: 'getMerchantAliases',
      summary: 'A merchant’s aliases',
      description:
        'Staff, and the merchant’s own users: the other names the merchant is known by, which route a complaint naming the business to it.',
      tag,
      access: 'read',
      params,
      success: { status: 200, schema: MerchantAliasesSchema, description: 'The aliases, oldest first.' },
    },
    (c, deps) => getMerchantAliases(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'put',
      path: '/api/v1/merchants/{id}/aliases',
      operationId: 'setMerchantAliases',
      summary: 'Set a merchant’s aliases',
      description:
        'Commission admins: the whole list. An alias that is another merchant’s alias or registered name is refused (422, `duplicate`).',
      tag,
      access: 'write',
      params,
      body: { name: 'SetMerchantAliasesInput', schema: SetMerchantAliasesInput },
      success: { status: 200, schema: MerchantAliasesSchema, description: 'The aliases now.' },
    },
    (c, deps) => setMerchantAliases(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
];

export function merchantRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1', merchantOperations);
}
