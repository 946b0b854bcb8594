import { slaSweeper } from './complaints';
import { housekeeping } from './housekeeping';
import type { Job } from './jobs/runner';
import { noticeDigests, noticeMailDelivery } from './notices';
import { webhookDelivery } from './webhooks';

/** Every background job of the portal: run inside `serve`, or alone by `redress worker`. */
export const JOBS: readonly Job[] = [
  slaSweeper,
  webhookDelivery,
  noticeMailDelivery,
  noticeDigests,
  housekeeping,
];
