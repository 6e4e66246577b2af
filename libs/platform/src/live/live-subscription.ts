import type { EventStore, RecordedEvent, Subscription } from '@accord/event-store';

/** What a subscription needs from its hub. */
export interface LiveSource {
  store: Pick<EventStore, 'readAll'>;
  /** Every event up to here has been dispatched to subscriptions. */
  position(): number;
  /** Most live events a subscription holds for a consumer that is behind. */
  bufferSize: number;
  readBatchSize: number;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

const EVERY_EVENT = (): boolean => true;

/**
 * One consumer's feed: the events after `after` it wants, exactly once, in order. It reads the store
 * up to the hub's position while the hub's later events queue up, then takes from the queue. A
 * consumer that lets the queue overflow loses the queue and reads the store again up to the hub's new
 * position: the hub never waits for it. Dispatch and the switch to the store happen between awaits,
 * so nothing falls between them. One `next()` at a time.
 */
export class LiveSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private delivered: number;
  private queue: RecordedEvent[] = [];
  private overflowed = false;
  private reader?: AsyncIterator<RecordedEvent>;
  private closed = false;
  /** Resolves the wait for a live event. */
  private wake?: () => void;
  /** Ends the wait for a store read when the subscription closes. */
  private interrupt?: () => void;

  constructor(
    private readonly source: LiveSource,
    after: number,
    private readonly onClose: (subscription: LiveSubscription) => void,
    private readonly signal?: AbortSignal,
    private readonly wants: (event: RecordedEvent) => boolean = EVERY_EVENT,
  ) {
    this.delivered = after;
    this.readStore();
    if (signal?.aborted) this.close();
    else signal?.addEventListener('abort', this.close, { once: true });
  }

  /** Called by the hub for each event, in order; never waits. An unwanted event neither queues nor wakes. */
  push(event: RecordedEvent): void {
    if (this.closed || this.overflowed || event.position <= this.delivered || !this.wants(event)) return;
    if (this.queue.length >= this.source.bufferSize) {
      this.overflowed = true;
      this.queue = [];
    } else {
      this.queue.push(event);
    }
    this.wake?.();
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return DONE;
      const reader = this.reader;
      if (reader) {
        let result: IteratorResult<RecordedEvent>;
        try {
          result = await new Promise<IteratorResult<RecordedEvent>>((resolve, reject) => {
            this.interrupt = () => resolve(DONE);
            reader.next().then(resolve, reject);
          });
        } catch (error) {
          if (this.closed) return DONE;
          this.close();
          throw error;
        }
        this.interrupt = undefined;
        if (this.closed) return DONE;
        if (result.done) this.reader = undefined;
        else if (this.deliver(result.value)) return { done: false, value: result.value };
        continue;
      }
      if (this.overflowed) {
        this.overflowed = false;
        this.readStore();
        continue;
      }
      const event = this.queue.shift();
      if (event) {
        if (this.deliver(event)) return { done: false, value: event };
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    this.close();
    return DONE;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  /** Ends the feed, a pending `next()` included. */
  readonly close = (): void => {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    void this.reader?.return?.().catch(() => undefined);
    this.reader = undefined;
    this.signal?.removeEventListener('abort', this.close);
    this.interrupt?.();
    this.wake?.();
    this.onClose(this);
  };

  /** Reads what the hub has dispatched beyond this consumer from the store; the queue holds only later events. */
  private readStore(): void {
    const until = this.source.position();
    if (until <= this.delivered) return;
    this.reader = this.source.store.readAll({ after: this.delivered, until, batchSize: this.source.readBatchSize })[Symbol.asyncIterator]();
  }

  /** Advances past `event`; true when the consumer should have it. */
  private deliver(event: RecordedEvent): boolean {
    if (event.position <= this.delivered) return false;
    this.delivered = event.position;
    return this.wants(event);
  }
}
