import { randomBytes } from 'node:crypto';
import { toIso } from '@redress/core';
import type { AppDeps } from '../context';
import type { Job } from '../jobs/runner';
import { describeError } from '../logger';
import { disableEndpoint } from './access';
import { type ClaimedDelivery, claimDeliveries } from './outbox';
import { outcome } from './schedule';
import { signatureHeaders } from './secrets';
import { postWebhook, type SendResult } from './sender';

/** Deliveries claimed per pass; they are sent at once, side by side. */
const BATCH = 50;
/** Far longer than one delivery can take (a 15 s timeout, then a short transaction). */
export const LEASE_MS = 60_000;
export const USER_AGENT = 'Redress-Webhooks/1';

/** The Standard Webhooks body: `{ id, type, timestamp, data }`, with the event's data as stored. */
function payload(d: ClaimedDelivery): string {
  // `data` is JSON text written by appendEvent: spliced in as is rather than parsed and printed again.
  return `{"id":${JSON.stringify(d.event_id)},"type":${JSON.stringify(d.type)},"timestamp":${JSON.stringify(
    toIso(d.event_created_at),
  )},"data":${d.data}}`;
}

/** The live secrets of an endpoint: the current one, and the one before a rotation for 24 hours. */
function liveSecrets(deps: AppDeps, d: ClaimedDelivery, now: number): string[] {
  const secrets = [deps.webhookSecrets.open(d.secret)];
  if (d.previous_secret && d.previous_secret_expires_at !== null && d.previous_secret_expires_at > now) {
    secrets.push(deps.webhookSecrets.open(d.previous_secret));
  }
  return secrets;
}

async function send(deps: AppDeps, d: ClaimedDelivery, now: number): Promise<SendResult> {
  const body = payload(d);
  let secrets: string[];
  try {
    secrets = liveSecrets(deps, d, now);
  } catch {
    const error = 'the signing secret cannot be read with this data folder key: rotate the secret';
    return { statusCode: null, error, durationMs: 0, responseExcerpt: null, retryAfter: null };
  }
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...signatureHeaders(d.event_id, Math.floor(now / 1000), body, secrets),
  };
  return postWebhook(d.url, headers, body, { guard: deps.config.mode === 'production' });
}

/**
 * Writes what one attempt came to, if this worker still holds the lease: the attempt's log
 * line, the delivery's next step (done, retried later, or given up) and the endpoint's
 * failure streak, disabling it on 410 Gone or after three days of failures.
 */
async function record(
  deps: AppDeps,
  d: ClaimedDelivery,
  owner: string,
  startedAt: number,
  result: SendResult | null,
): Promise<void> {
  const now = deps.clock.now();
  await deps.transact(async (trx) => {
    // The endpoint row first: the same order as disableEndpoint, so no two transactions deadlock.
    let lock = trx
      .selectFrom('webhook_endpoints')
      .select(['id', 'enabled', 'failing_since'])
      .where('id', '=', d.endpoint_id);
    if (deps.dialect === 'postgres') lock = lock.forUpdate();
    const endpoint = await lock.executeTakeFirst();
    if (!endpoint) return; // deleted meanwhile, with its deliveries
    const o = outcome({ result, endpoint, attempts: d.attempts, startedAt, now });
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: o.status,
        attempts: o.number,
        next_attempt_at: o.next,
        lease_until: null,
        lease_owner: null,
        last_status_code: result ? result.statusCode : null,
        last_error: o.error,
        updated_at: now,
        ...(o.status === 'succeeded' ? { delivered_at: now } : {}),
      })
      .where('id', '=', d.id)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    // The lease ran out and another worker took the delivery over: its result counts, not ours.
    if (updated.numUpdatedRows === 0n) return;
    deps.metrics.deliveries.inc({
      result: o.status === 'succeeded' ? 'succeeded' : o.status === 'pending' ? 'retry' : 'failed',
    });
    if (result === null) return;
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: d.id,
        number: o.number,
        started_at: startedAt,
        duration_ms: result.durationMs,
        status_code: result.statusCode,
        error: result.error,
        response_excerpt: result.responseExcerpt,
      })
      .execute();
    if (o.failingSince !== endpoint.failing_since) {
      await trx
        .updateTable('webhook_endpoints')
        .set({ failing_since: o.failingSince })
        .where('id', '=', endpoint.id)
        .execute();
    }
    if (o.disable) await disableEndpoint(trx, endpoint.id, o.disable, now);
  });
}

/** Sends one claimed delivery and records it; never throws (an unrecorded one is retried after its lease). */
async function deliver(deps: AppDeps, d: ClaimedDelivery, owner: string): Promise<void> {
  try {
    const startedAt = deps.clock.now();
    // A delivery of an endpoint disabled since it was written is given up without a request.
    const result = d.enabled === 1 ? await send(deps, d, startedAt) : null;
    await record(deps, d, owner, startedAt, result);
  } catch (err) {
    deps.log.error('webhook delivery failed', { delivery: d.id, ...describeError(err) });
  }
}

/** Sends still running, per runtime. */
const inFlight = new WeakMap<AppDeps, Set<Promise<void>>>();
/** At most this many sends at once per process. */
const MAX_IN_FLIGHT = 200;
/** How long a pass waits for its own sends before the next pass may claim more. */
const PASS_WAIT_MS = 1_000;

/**
 * One pass: claims the due deliveries and sends them; says how many it claimed. It waits for
 * its sends up to a second: a receiver that takes its full 15 seconds keeps its slot (of
 * MAX_IN_FLIGHT) but does not hold up everyone else's deliveries in the next pass.
 */
export async function deliverDue(deps: AppDeps, options: { limit?: number } = {}): Promise<number> {
  const running = inFlight.get(deps) ?? new Set<Promise<void>>();
  inFlight.set(deps, running);
  const room = Math.min(options.limit ?? BATCH, MAX_IN_FLIGHT - running.size);
  if (room <= 0) {
    await Promise.race(running);
    return 0;
  }
  const owner = randomBytes(9).toString('base64url');
  const claimed = await claimDeliveries(deps, owner, { limit: room, leaseMs: LEASE_MS });
  const sends = claimed.map((d) => {
    const send: Promise<void> = deliver(deps, d, owner).finally(() => running.delete(send));
    running.add(send);
    return send;
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(sends),
    new Promise((resolve) => {
      timer = setTimeout(resolve, PASS_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  return claimed.length;
}

/** Waits for every send still running (before closing the database, and in tests). */
export async function settleDeliveries(deps: AppDeps): Promise<void> {
  await Promise.all([...(inFlight.get(deps) ?? [])]);
}

/** The webhook delivery job, inside `serve` and in `redress worker`. */
export const webhookDelivery: Job = {
  name: 'webhook-delivery',
  intervalMs: 250,
  run: (runtime) => deliverDue(runtime),
  drain: settleDeliveries,
};
