import { CodeSchema, pageOf, SlaPolicyInput, SlaTargetSchema, Timestamp, toIso } from '@redress/core';
import { z } from 'zod';
import { type AppDeps, contextOf, operation, operationRoutes, type ServiceContext } from '../context';
import { getPolicy, listPolicies, type PolicyRecord, savePolicy } from './policies';

const tag = 'SLA policies';
const params = { code: CodeSchema };

/** A policy as it is now: its targets, its version and since when, and how many merchants have it. */
export const SlaPolicyRecordSchema = z
  .object({
    code: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    acknowledge: SlaTargetSchema,
    settle: SlaTargetSchema,
    answer: SlaTargetSchema,
    version: z.number().int(),
    /** When this version took effect; null for a shipped policy never changed (since always). */
    validFrom: Timestamp.nullable(),
    merchants: z.number().int(),
  })
  .meta({ id: 'SlaPolicyRecord' });
export type SlaPolicyRecord = z.infer<typeof SlaPolicyRecordSchema>;

const toRecord = (p: PolicyRecord): SlaPolicyRecord => ({
  code: p.code,
  name: p.name,
  acknowledge: p.acknowledge,
  settle: p.settle,
  answer: p.answer,
  version: p.version,
  validFrom: p.validFrom === 0 ? null : toIso(p.validFrom),
  merchants: p.merchants,
});

const record = { status: 200, schema: SlaPolicyRecordSchema, description: 'The policy.' } as const;

/** Creates or changes a policy (a new version), and answers it as it is now. */
async function putPolicy(ctx: ServiceContext, code: string, input: SlaPolicyInput) {
  await savePolicy(ctx, code, input);
  return toRecord(await getPolicy(ctx, code));
}

/** `/api/v1/sla-policies…`: staff read the policies; commission admins create and change them. */
export const policyOperations = [
  operation(
    {
      method: 'get',
      path: '/api/v1/sla-policies',
      operationId: 'listSlaPolicies',
      summary: 'List SLA policies',
      description: 'Commission staff: every policy as it is now, with its version.',
      tag,
      access: 'read',
      success: { status: 200, schema: pageOf(SlaPolicyRecordSchema), description: 'The policies.' },
      errors: [403],
    },
    async (c, deps) => ({ data: (await listPolicies(contextOf(deps, c))).map(toRecord), nextCursor: null }),
  ),
  operation(
    {
      method: 'get',
      path: '/api/v1/sla-policies/{code}',
      operationId: 'getSlaPolicy',
      summary: 'Get an SLA policy',
      description: 'Commission staff.',
      tag,
      access: 'read',
      params,
      success: record,
      errors: [403],
    },
    async (c, deps) => toRecord(await getPolicy(contextOf(deps, c), c.req.valid('param').code)),
  ),
  operation(
    {
      method: 'put',
      path: '/api/v1/sla-policies/{code}',
      operationId: 'putSlaPolicy',
      summary: 'Create or change an SLA policy',
      description:
        'Commission admins. Saving makes a new version, in effect from now: complaints assigned afterwards count with it; running complaints keep the version they were assigned with, and their deadlines do not move. Saving the targets a policy has changes nothing. The settle target may not be shorter than the acknowledge target (422, `too_small` on `settle.amount`).',
      tag,
      access: 'write',
      params,
      body: { name: 'SlaPolicyInput', schema: SlaPolicyInput },
      success: record,
      never: { 404: 'a code there is no policy of creates one' },
    },
    (c, deps) => putPolicy(contextOf(deps, c), c.req.valid('param').code, c.req.valid('json')),
  ),
];

export function policyRoutes(deps: AppDeps) {
  return operationRoutes(deps, '/api/v1/sla-policies', policyOperations);
}
