import { type Complaint, ConflictError, type Event, type Redress } from '@redress/sdk';
import type { CrmStore } from './store';

export interface SyncOptions {
  redress: Redress;
  store: CrmStore;
  /** Stops the sync; it returns once the event in hand is recorded. */
  signal?: AbortSignal;
  /** How long to wait when the feed has nothing new. */
  intervalMs?: number;
  /** The first message to the consumer of a new complaint. */
  greeting?: (complaint: Complaint) => string;
  /** Called after each event is recorded. */
  onEvent?: (event: Event) => void;
}

const defaultGreeting = (c: Complaint) =>
  `您好${c.consumer.name ? `，${c.consumer.name}` : ''}：您的投诉（${c.reference}）我们已收到，客服将在2个工作日内与您联系。`;

/**
 * Answers a newly assigned complaint: acknowledge, then a first message. The idempotency keys
 * come from the event, so if the process dies before the store records the event, handling it
 * again after the restart is answered by the portal from its memory instead of acting twice.
 */
async function answer(
  redress: Redress,
  event: Event,
  complaint: Complaint,
  greeting: (c: Complaint) => string,
) {
  try {
    await redress.complaints.acknowledge(complaint.id, { idempotencyKey: `${event.id}:acknowledge` });
  } catch (err) {
    // Acknowledged already (by an agent in the portal, say): go on to the message.
    if (!(err instanceof ConflictError)) throw err;
  }
  await redress.complaints.message(
    complaint.id,
    { body: greeting(complaint) },
    { idempotencyKey: `${event.id}:message` },
  );
}

/**
 * Keeps the CRM store in sync with the merchant's complaints through the event feed, from the
 * cursor the store saved, and answers each new complaint. Runs until `signal` aborts.
 *
 * @example
 * const stop = new AbortController();
 * process.on('SIGINT', () => stop.abort());
 * await syncComplaints({ redress: new Redress(), store: new CrmStore('crm.db'), signal: stop.signal });
 */
export async function syncComplaints(options: SyncOptions): Promise<void> {
  const { redress, store, signal } = options;
  const greeting = options.greeting ?? defaultGreeting;
  for await (const event of redress.events.poll({
    after: store.cursor(),
    signal,
    intervalMs: options.intervalMs,
  })) {
    if (store.handled(event.id)) continue;
    let answeredAt: string | null = null;
    if (event.type === 'complaint.assigned') {
      const complaint = event.data.object as unknown as Complaint;
      if (!store.isAnswered(complaint.id)) {
        await answer(redress, event, complaint, greeting);
        answeredAt = new Date().toISOString();
      }
    }
    store.record(event, answeredAt);
    options.onEvent?.(event);
  }
}
