import { housekeeping } from '../housekeeping/job';
import { slaSweeper } from '../sla/sweeper';
import { webhookDelivery } from '../webhooks/job';
import type { Job } from './runner';

/** Every background job of the portal: run inside `serve`, or alone by `redress worker`. */
export const JOBS: readonly Job[] = [slaSweeper, webhookDelivery, housekeeping];
