import {
  type CreateWebhookEndpointInput,
  Invalid,
  newId,
  type UpdateWebhookEndpointInput,
  type WebhookEndpoint,
} from '@redress/core';
import type { ServiceContext } from '../context';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { disableEndpoint, visibleEndpoint, webhookScope } from './access';
import { toWebhookEndpoint } from './mapper';
import { newWebhookSecret } from './secrets';
import type { WebhookEndpointRow, WebhookEndpointTable } from './table';
import { urlProblem } from './url-guard';

/** After a rotation the old secret keeps signing beside the new one for this long. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

async function checkUrl(ctx: ServiceContext, url: string): Promise<void> {
  const problem = await urlProblem(url, ctx.config.mode);
  if (problem)
    throw new Invalid('the webhook URL may not be used', [
      { path: 'url', code: 'url_not_allowed', message: problem },
    ]);
}

/** Creates an endpoint for the caller's merchant (or the commission); the answer shows the secret once. */
export async function createWebhookEndpoint(
  ctx: ServiceContext,
  input: CreateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  const scope = webhookScope(ctx.principal);
  await checkUrl(ctx, input.url);
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  const row: WebhookEndpointRow = {
    id: newId('webhookEndpoint', now),
    merchant_id: scope.merchantId,
    url: input.url,
    description: input.description || null,
    event_types: JSON.stringify([...new Set(input.eventTypes)]),
    enabled: input.enabled ? 1 : 0,
    disabled_reason: null,
    disabled_at: input.enabled ? null : now,
    secret: ctx.webhookSecrets.seal(secret),
    previous_secret: null,
    previous_secret_expires_at: null,
    failing_since: null,
    created_by: ctx.principal.id,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('webhook_endpoints').values(row).execute();
  return toWebhookEndpoint(row, now, secret);
}

/** The caller's endpoints (a commission admin's: every endpoint), oldest first. */
export async function listWebhookEndpoints(
  ctx: ServiceContext,
  input: { limit: number; cursor?: string | undefined },
): Promise<{ data: WebhookEndpoint[]; nextCursor: string | null }> {
  const scope = webhookScope(ctx.principal);
  let query = ctx.db.selectFrom('webhook_endpoints').selectAll();
  if (scope.merchantId !== null) query = query.where('merchant_id', '=', scope.merchantId);
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, ['number', 'string']) as [number, string];
    query = query.where((eb) =>
      eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]),
    );
  }
  const rows = await query
    .orderBy('created_at')
    .orderBy('id')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const now = ctx.clock.now();
  return {
    data: page.map((r) => toWebhookEndpoint(r, now)),
    nextCursor: rows.length > input.limit && last ? encodeCursor([last.created_at, last.id]) : null,
  };
}

export async function getWebhookEndpoint(ctx: ServiceContext, id: string): Promise<WebhookEndpoint> {
  return toWebhookEndpoint(await visibleEndpoint(ctx.db, ctx.principal, id, 'read'), ctx.clock.now());
}

/**
 * Changes the URL, event types, description or enabled. Disabling gives up the pending
 * deliveries; enabling clears the reason and the failure streak (it replays nothing).
 */
export async function updateWebhookEndpoint(
  ctx: ServiceContext,
  id: string,
  input: UpdateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  const row = await visibleEndpoint(ctx.db, ctx.principal, id, 'write');
  if (input.url !== undefined) await checkUrl(ctx, input.url);
  const now = ctx.clock.now();
  const set: Partial<WebhookEndpointTable> = { updated_at: now };
  if (input.url !== undefined) set.url = input.url;
  if (input.eventTypes !== undefined) set.event_types = JSON.stringify([...new Set(input.eventTypes)]);
  if (input.description !== undefined) set.description = input.description || null;
  if (input.enabled === true && row.enabled === 0) {
    Object.assign(set, { enabled: 1, disabled_reason: null, disabled_at: null, failing_since: null });
  }
  await ctx.transact(async (trx) => {
    if (input.enabled === false && row.enabled === 1) {
      await disableEndpoint(trx, id, `disabled by ${ctx.principal.id ?? 'the portal'}`, now);
    }
    await trx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
  });
  return getWebhookEndpoint(ctx, id);
}

/** Deletes an endpoint with its deliveries and their log. */
export async function deleteWebhookEndpoint(ctx: ServiceContext, id: string): Promise<void> {
  await visibleEndpoint(ctx.db, ctx.principal, id, 'write');
  await ctx.db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/**
 * Gives the endpoint a new secret, shown once in the answer. The old one keeps signing beside
 * it for 24 hours, so the receiver can switch without losing a delivery; a secret older than
 * that (from an earlier rotation) stops at once.
 */
export async function rotateWebhookSecret(ctx: ServiceContext, id: string): Promise<WebhookEndpoint> {
  const row = await visibleEndpoint(ctx.db, ctx.principal, id, 'write');
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  const set = {
    secret: ctx.webhookSecrets.seal(secret),
    previous_secret: row.secret,
    previous_secret_expires_at: now + SECRET_OVERLAP_MS,
    updated_at: now,
  };
  await ctx.db.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
  return toWebhookEndpoint({ ...row, ...set }, now, secret);
}
