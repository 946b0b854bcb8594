import {
  CreateUserInput,
  pageOf,
  ResetPasswordInput,
  SetUserRoleInput,
  UserId,
  UserSchema,
} from '@redress/core';
import { type AppDeps, contextOf, operation, operationRoutes } from '../context';
import { disableUser, enableUser, getUser, resetPassword, setUserRole } from './access';
import { createUser, listUsers } from './service';

const tag = 'Users';
const params = { id: UserId };

/** `/api/v1/users…`: merchant admins for their merchant's people, commission admins for all. */
export const userOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/users',
      operationId: 'listUsers',
      summary: 'List users',
      description: 'Merchant admins see their merchant’s users; commission admins all.',
      tag,
      access: 'read',
      success: { status: 200, schema: pageOf(UserSchema), description: 'One page of users.' },
      errors: [403],
    },
    async (c, deps) => ({ data: await listUsers(contextOf(deps, c)), nextCursor: null }),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/users',
      operationId: 'createUser',
      summary: 'Invite a user',
      description: 'Merchant admins for their own merchant; commission admins for anyone.',
      tag,
      access: 'write',
      body: { name: 'CreateUserInput', schema: CreateUserInput },
      success: { status: 201, schema: UserSchema, description: 'The user.' },
    },
    (c, deps) => createUser(contextOf(deps, c), c.req.valid('json')),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/users/{id}',
      operationId: 'getUser',
      summary: 'Get a user',
      description:
        'Merchant admins: their merchant’s users (another merchant’s is 404); commission admins: anyone.',
      tag,
      access: 'read',
      params,
      success: { status: 200, schema: UserSchema, description: 'The user.' },
      errors: [403],
    },
    (c, deps) => getUser(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/users/{id}/disable',
      operationId: 'disableUser',
      summary: 'Disable a user',
      description:
        'The user can no longer sign in and every session of theirs ends at once, on every portal process. Refused (409) for the last active commission admin and the last active merchant admin of a merchant. Disabling a disabled user changes nothing.',
      tag,
      access: 'write',
      params,
      success: { status: 200, schema: UserSchema, description: 'The user, disabled.' },
    },
    (c, deps) => disableUser(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/users/{id}/enable',
      operationId: 'enableUser',
      summary: 'Enable a user again',
      description: 'The user may sign in again; sessions ended by disabling stay ended.',
      tag,
      access: 'write',
      params,
      success: { status: 200, schema: UserSchema, description: 'The user, enabled.' },
    },
    (c, deps) => enableUser(contextOf(deps, c), c.req.valid('param').id),
  ),
  operation(
    {
      method: 'put',
      path: '/api/v1/users/{id}/role',
      operationId: 'setUserRole',
      summary: 'Change a user’s role',
      description:
        'Merchant admins: between the merchant roles of their own merchant. Commission admins: any role, with `merchantId` or `stationId` as on invite (left out, the user’s own is kept). A change ends the user’s sessions at once. Refused (409) when it would leave the commission or a merchant without an active admin.',
      tag,
      access: 'write',
      params,
      body: { name: 'SetUserRoleInput', schema: SetUserRoleInput },
      success: { status: 200, schema: UserSchema, description: 'The user with the new role.' },
      errors: [409],
    },
    (c, deps) => setUserRole(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
  operation(
    {
      method: 'post',
      path: '/api/v1/users/{id}/reset-password',
      operationId: 'resetUserPassword',
      summary: 'Set a new password for a user',
      description: 'Ends every session of the user at once; the admin tells the user the new password.',
      tag,
      access: 'write',
      params,
      body: { name: 'ResetPasswordInput', schema: ResetPasswordInput },
      success: { status: 200, schema: UserSchema, description: 'The user.' },
    },
    (c, deps) => resetPassword(contextOf(deps, c), c.req.valid('param').id, c.req.valid('json')),
  ),
];

export function userRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/users', userOperations);
}
