import { toIso } from '@redress/core';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * When each attempt is made, counted from the previous one: at once, then 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 14 h, 20 h and 24 h — ten attempts over a little more than three days.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
];

/** A receiver's Retry-After is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/** An endpoint whose deliveries have all failed for this long is disabled. */
export const FAILING_LIMIT_MS = 3 * 24 * HOUR;

/** ±10 %: receivers that failed together (an outage) are not all retried in the same second. */
const JITTER = 0.1;

/**
 * A Retry-After header (delay in seconds, or an HTTP date) as milliseconds from `now`;
 * null when absent or not understood.
 * @example retryAfterMs('120', now) // 120_000
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * SECOND;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * When to try again after attempt number `attempts` failed, or null to give up: the schedule
 * with jitter, or the receiver's Retry-After when that is later (capped at 24 h).
 */
export function nextAttemptAt(
  attempts: number,
  now: number,
  retryAfter: number | null,
  random: () => number = Math.random,
): number | null {
  const delay = RETRY_SCHEDULE_MS[attempts];
  if (delay === undefined) return null;
  const jittered = Math.round(delay * (1 - JITTER + 2 * JITTER * random()));
  return now + Math.max(jittered, Math.min(retryAfter ?? 0, MAX_RETRY_AFTER_MS));
}

/** What one attempt comes to for its delivery and its endpoint. */
export interface Outcome {
  status: 'pending' | 'succeeded' | 'failed';
  /** The attempt's number (unchanged when no request was made). */
  number: number;
  next: number | null;
  error: string | null;
  /** The endpoint's failure streak after this attempt. */
  failingSince: number | null;
  /** Why the endpoint is to be disabled, or null. */
  disable: string | null;
}

/**
 * The rules of one attempt: 2xx delivers; 410 Gone, or failing for 3 days, disables the endpoint
 * and gives up; any other failure is retried on the schedule (or its Retry-After) until the
 * tenth attempt. `result` null: no request was made, as the endpoint was disabled.
 */
export function outcome(input: {
  result: { statusCode: number | null; error: string | null; retryAfter: string | null } | null;
  endpoint: { enabled: number; failing_since: number | null };
  attempts: number;
  startedAt: number;
  now: number;
}): Outcome {
  const { result, endpoint, attempts, startedAt, now } = input;
  if (result === null) {
    const base = { number: attempts, next: null, failingSince: endpoint.failing_since, disable: null };
    return { ...base, status: 'failed', error: 'endpoint disabled' };
  }
  const number = attempts + 1;
  const code = result.statusCode;
  if (code !== null && code >= 200 && code < 300) {
    return { status: 'succeeded', number, next: null, error: null, failingSince: null, disable: null };
  }
  const error = result.error ?? `answered ${code}`;
  const failingSince = endpoint.failing_since ?? startedAt;
  const enabled = endpoint.enabled === 1;
  const disable = !enabled
    ? null
    : code === 410
      ? `the endpoint answered 410 Gone on ${toIso(now)}`
      : now - failingSince >= FAILING_LIMIT_MS
        ? `every delivery has failed since ${toIso(failingSince)} (3 days)`
        : null;
  const next = enabled && !disable ? nextAttemptAt(number, now, retryAfterMs(result.retryAfter, now)) : null;
  return { status: next === null ? 'failed' : 'pending', number, next, error, failingSince, disable };
}
