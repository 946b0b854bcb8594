import type { ApiPromise, WithResponse } from './api-promise';

/** One page of a list: `nextCursor` fetches the next, null at the end. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * What a list call returns. Await it for the first page; iterate it with `for await` for
 * every item across pages; `.toArray({ limit })` collects up to `limit` items; `.pages()`
 * iterates page by page. Pages are fetched as they are needed, the first one only once.
 *
 * @example
 * const { data, nextCursor } = await redress.complaints.list({ status: ['assigned'] });
 * for await (const complaint of redress.complaints.list({ status: ['assigned'] })) handle(complaint);
 * const latest = await redress.complaints.list().toArray({ limit: 50 });
 */
export class PagePromise<T> implements Promise<Page<T>>, AsyncIterable<T> {
  readonly [Symbol.toStringTag] = 'PagePromise';
  private first: ApiPromise<Page<T>> | undefined;

  constructor(private readonly fetchPage: (cursor: string | undefined) => ApiPromise<Page<T>>) {}

  private firstPage(): ApiPromise<Page<T>> {
    this.first ??= this.fetchPage(undefined);
    return this.first;
  }

  /** The first page with the HTTP response and the request id. */
  withResponse(): Promise<WithResponse<Page<T>>> {
    return this.firstPage().withResponse();
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is what this class is for
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.firstPage().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page<T> | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.then().finally(onfinally);
  }

  /** Every page, in order, until one has no `nextCursor` (or no items). */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.firstPage();
    let cursor: string | undefined;
    for (;;) {
      yield page;
      const next = page.nextCursor;
      // A feed answers its last cursor again when nothing is new: that is the end too.
      if (next === null || page.data.length === 0 || next === cursor) return;
      cursor = next;
      page = await this.fetchPage(cursor);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Up to `limit` items (all of them without a limit), fetching only the pages needed. */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const items: T[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}
