import type { Subscription as StoreSubscription } from '@accord/event-store';

/**
 * The global positions of a store subscription's events, as the AsyncIterator graphql-ws consumes.
 * `return()` closes the store subscription at once: the store's own iterator would only finish
 * after its next event or poll.
 */
export function eventPositions(subscription: StoreSubscription): AsyncIterableIterator<{ globalPosition: number }> {
  const events = subscription[Symbol.asyncIterator]();
  const finish = (): IteratorReturnResult<undefined> => {
    subscription.close();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      const result = await events.next();
      return result.done ? finish() : { done: false, value: { globalPosition: result.value.position } };
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
