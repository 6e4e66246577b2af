import { Logger as NestLogger } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@accord/event-store';
import type { Logger } from '@accord/projections';
import type { LiveBus, LiveMessage } from './live-bus';

export interface LivePublisherOptions {
  /** Most events in one message. Default 500. */
  batchSize?: number;
  /** An idle publisher sends a heartbeat this often, so a receiver that lost a message catches up. Default 2 s. */
  heartbeatMs?: number;
  /** Wait before resubscribing after the store failed. Default 1 s. */
  retryMs?: number;
  logger?: Logger;
}

const IDLE = Symbol('idle');
const LATER = Symbol('later');

/**
 * Follows the global log from the head at `start()` and publishes it on the bus, a batch at a time,
 * each once `afterProjected` says the read models hold it. A message that cannot be published is
 * skipped: the next one's `after` tells receivers to read the gap from the store.
 */
export class LivePublisher {
  private readonly batchSize: number;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private readonly logger: Logger;
  private controller?: AbortController;
  private running?: Promise<void>;
  private failing = false;

  constructor(
    private readonly store: EventStore,
    private readonly bus: LiveBus,
    private readonly afterProjected: (position: number) => Promise<void>,
    options: LivePublisherOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.retryMs = options.retryMs ?? 1000;
    this.logger = options.logger ?? new NestLogger('LivePublisher');
  }

  /** Starts following the log from its head now. */
  async start(): Promise<void> {
    if (this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    const head = await this.store.headPosition();
    this.running = this.run(head, controller.signal);
  }

  /** Stops at once, even while waiting for the projections; what was not published yet is not. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.running = undefined;
  }

  private async run(head: number, signal: AbortSignal): Promise<void> {
    let last = head;
    while (!signal.aborted) {
      const subscription = this.store.subscribeToAll({ after: last, batchSize: this.batchSize, signal });
      try {
        for await (const events of this.batches(subscription, signal)) {
          const end = events.at(-1)?.position;
          if (end !== undefined) await this.projected(end, signal);
          if (signal.aborted) return;
          await this.send({ after: last, events });
          last = end ?? last;
        }
      } catch (error) {
        if (signal.aborted) return;
        this.logger.error(`reading the log after ${last} failed, retrying: ${messageOf(error)}`);
        await sleep(this.retryMs, signal);
      } finally {
        subscription.close();
      }
    }
  }

  /**
   * The events the subscription has ready at once (no more than `batchSize`), or an empty batch (a
   * heartbeat) after `heartbeatMs` without any. Ready means its promise settles before the next turn of
   * the event loop: the rest of a store read, not the next append.
   */
  private async *batches(subscription: Subscription, signal: AbortSignal): AsyncGenerator<RecordedEvent[]> {
    const events = subscription[Symbol.asyncIterator]();
    const pull = () => {
      const promise = events.next();
      promise.catch(() => undefined); // a read failing while a batch is out is rethrown when awaited, not unhandled
      return promise;
    };
    let next = pull();
    while (!signal.aborted) {
      const first = await idleAfter(next, this.heartbeatMs);
      if (first === IDLE) {
        yield [];
        continue;
      }
      if (first.done) return;
      const batch = [first.value];
      next = pull();
      let done = false;
      while (batch.length < this.batchSize) {
        const result = await Promise.race([next, new Promise<typeof LATER>((resolve) => setImmediate(resolve, LATER))]);
        if (result === LATER) break;
        if (result.done) {
          done = true;
          break;
        }
        batch.push(result.value);
        next = pull();
      }
      yield batch;
      if (done) return;
    }
  }

  private async projected(position: number, signal: AbortSignal): Promise<void> {
    try {
      await untilAborted(this.afterProjected(position), signal);
    } catch (error) {
      // The events are recorded either way: a lagging read model must not hold the live feed back for ever.
      if (!signal.aborted) this.logger.warn(`publishing up to ${position} before it is projected: ${messageOf(error)}`);
    }
  }

  private async send(message: LiveMessage): Promise<void> {
    try {
      await this.bus.publish(message);
      if (this.failing) this.logger.log('publishing live events again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`could not publish live events (receivers will read them from the store): ${messageOf(error)}`);
      this.failing = true;
    }
  }
}

function idleAfter<T>(promise: Promise<T>, ms: number): Promise<T | typeof IDLE> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<typeof IDLE>((resolve) => (timer = setTimeout(resolve, ms, IDLE)));
  return Promise.race([promise, idle]).finally(() => clearTimeout(timer));
}

function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
