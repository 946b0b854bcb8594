/** An answer with what came with it. */
export interface WithResponse<T> {
  data: T;
  /** The HTTP response (its body already read). */
  response: Response;
  /** `X-Request-Id`: quote it when asking about a request. */
  requestId: string | undefined;
}

/**
 * What every SDK call returns: a promise of the data, plus `.withResponse()` for the
 * response and request id. The request starts when the call is made.
 *
 * @example
 * const complaint = await redress.complaints.get(id);
 * const { data, requestId, response } = await redress.complaints.get(id).withResponse();
 */
export class ApiPromise<T> implements Promise<T> {
  readonly [Symbol.toStringTag] = 'ApiPromise';

  constructor(private readonly answer: Promise<WithResponse<T>>) {}

  /** The data with the HTTP response and the request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.answer;
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is what this class is for
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.answer.then((r) => r.data).then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
}
