import type { RecordedEvent, Subscription as StoreSubscription } from '@accord/event-store';

/**
 * A store subscription as the AsyncIterator graphql-ws consumes: each event goes through `map`,
 * which returns the payload to emit or undefined to pass over it. `return()` (the client left)
 * closes the store subscription at once, which also ends a `next()` still waiting for an event.
 */
export function storeFeed<T>(subscription: StoreSubscription, map: (event: RecordedEvent) => Promise<T | undefined>): AsyncIterableIterator<T> {
  const events = subscription[Symbol.asyncIterator]();
  const finish = (): IteratorReturnResult<undefined> => {
    subscription.close();
    return { done: true, value: undefined };
  };
  return {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const result = await events.next();
        if (result.done) return finish();
        const payload = await map(result.value);
        if (payload !== undefined) return { done: false, value: payload };
      }
    },
    async return() {
      return finish();
    },
    async throw(error: unknown) {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
