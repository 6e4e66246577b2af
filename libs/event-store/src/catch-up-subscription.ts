import type { EventStore, RecordedEvent, SubscribeOptions, Subscription } from './types';

/** What a catch-up subscription needs from an adapter. */
export type CatchUpSource = Pick<EventStore, 'readAll' | 'waitForAppend'>;

/**
 * Reads from `after` to the head, then waits for appends and reads again. Because catch-up and live
 * delivery are the same read loop keyed on the last delivered position, the switch between them can
 * neither skip nor repeat an event.
 */
export function catchUpSubscription(source: CatchUpSource, options: SubscribeOptions = {}, onEnd?: () => void): Subscription {
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => controller.abort();
  if (outer) {
    if (outer.aborted) controller.abort();
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  const signal = controller.signal;

  async function* events(): AsyncGenerator<RecordedEvent> {
    let last = options.after ?? 0;
    try {
      while (!signal.aborted) {
        let delivered = false;
        try {
          for await (const event of source.readAll({ after: last, batchSize: options.batchSize })) {
            if (signal.aborted) return;
            last = event.position;
            delivered = true;
            yield event;
          }
        } catch (error) {
          // Closing the store closes its subscriptions first: a read failing after that is the end.
          if (signal.aborted) return;
          throw error;
        }
        if (!delivered) await source.waitForAppend(last, signal);
      }
    } finally {
      outer?.removeEventListener('abort', onOuterAbort);
      onEnd?.();
    }
  }

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: () => {
      controller.abort();
      onEnd?.();
    },
  };
}
