import { AbortError } from '../core/errors';
import type { RequestOptions } from '../core/options';
import { type Page, PagePromise } from '../core/pagination';
import type { HttpClient } from '../internal/http';
import { sleep } from '../internal/signals';
import type { Event } from '../types.gen';
import type { EventType } from '../webhooks/events';

export interface ListEventsParams {
  /** The id of the last event you handled: the feed answers the events after it. */
  after?: string;
  /** Only these types. */
  types?: readonly EventType[];
  /** Events per page, 1–100 (default 100). */
  limit?: number;
}

export interface PollEventsParams extends ListEventsParams {
  /** Stops the poll: the loop ends quietly. */
  signal?: AbortSignal;
  /** How long to wait when the feed has nothing new. Default 5 000 ms. */
  intervalMs?: number;
}

/** The event feed: every change you may see, oldest first, for polling. */
export class Events {
  constructor(private readonly http: HttpClient) {}

  /**
   * Events after `after`. Iterating goes on until the feed has nothing newer.
   * @example const { data, nextCursor } = await redress.events.list({ after: savedCursor });
   */
  list(params: ListEventsParams = {}, options?: RequestOptions): PagePromise<Event> {
    return new PagePromise((cursor) =>
      this.http.request<Page<Event>>({
        method: 'GET',
        path: '/api/v1/events',
        query: { after: cursor ?? params.after, types: params.types?.join(','), limit: params.limit },
        options,
      }),
    );
  }

  /**
   * Every event from `after` on, waiting `intervalMs` whenever the feed is drained, until
   * `signal` aborts. Each event's `id` is the cursor to save: pass it as `after` to resume
   * after a restart without handling anything twice. An error the retries could not get past
   * ends the loop by throwing.
   *
   * @example
   * const stop = new AbortController();
   * for await (const event of redress.events.poll({ after: store.cursor(), signal: stop.signal })) {
   *   await handle(event);
   *   store.saveCursor(event.id);
   * }
   */
  async *poll(params: PollEventsParams = {}): AsyncGenerator<Event, void, undefined> {
    const { signal, intervalMs = 5_000, limit = 100 } = params;
    let after = params.after;
    while (!signal?.aborted) {
      let page: Page<Event>;
      try {
        page = await this.list({ after, types: params.types, limit }, { signal });
      } catch (err) {
        if (err instanceof AbortError) return;
        throw err;
      }
      for (const event of page.data) {
        after = event.id;
        yield event;
        if (signal?.aborted) return;
      }
      if (page.data.length < limit) {
        try {
          await sleep(intervalMs, signal);
        } catch {
          return;
        }
      }
    }
  }
}
