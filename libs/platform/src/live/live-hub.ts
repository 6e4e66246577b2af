import { Logger as NestLogger } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@accord/event-store';
import type { Logger } from '@accord/projections';
import type { LiveBus, LiveMessage } from './live-bus';
import { LiveSubscription } from './live-subscription';

export interface LiveHubOptions {
  /** Live events a slow subscriber may fall behind by before it reads the store instead. Default 1000. */
  bufferSize?: number;
  /** Events per store read when filling a gap or catching up. Default 500. */
  readBatchSize?: number;
  logger?: Logger;
}

export interface LiveSubscribeOptions {
  /** Deliver events with a position strictly greater than this. */
  after: number;
  /**
   * The events this subscriber wants; the others are passed over without waking it (default: all).
   * A feed that wants a few events of one firm then costs nothing when the rest of the log moves.
   */
  only?: (event: RecordedEvent) => boolean;
  signal?: AbortSignal;
}

/**
 * This instance's end of the bus: one store-ordered stream of live events, shared by every local
 * subscriber. A message whose `after` lies beyond what the hub has dispatched means one was lost:
 * the hub reads the gap from the store before going on, so subscribers see the log without holes.
 */
export class LiveHub {
  private dispatched = 0;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';
  private readonly inbox: LiveMessage[] = [];
  private draining?: Promise<void>;
  private unsubscribe?: () => void;
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly bufferSize: number;
  private readonly readBatchSize: number;
  private readonly logger: Logger;

  constructor(
    private readonly store: EventStore,
    private readonly bus: LiveBus,
    options: LiveHubOptions = {},
  ) {
    this.bufferSize = options.bufferSize ?? 1000;
    this.readBatchSize = options.readBatchSize ?? 500;
    this.logger = options.logger ?? new NestLogger('LiveHub');
  }

  /** The last position dispatched to subscribers (the store head at start). */
  get position(): number {
    return this.dispatched;
  }

  /** Takes the store head as its position and starts listening to the bus. */
  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'starting';
    // Listen first: messages that arrive while the head is read wait in the inbox instead of being lost.
    this.unsubscribe = this.bus.subscribe((message) => this.receive(message));
    this.dispatched = await this.store.headPosition();
    if (this.state !== 'starting') return; // stopped meanwhile
    this.state = 'running';
    this.drain();
  }

  /** Ends every subscription; later ones end at once. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.unsubscribe?.();
    this.inbox.length = 0;
    for (const subscription of [...this.subscriptions]) subscription.close();
    await this.draining;
  }

  /** Every event after `after`, exactly once and in order: from the store up to the hub's position, live after that. */
  subscribe(options: LiveSubscribeOptions): Subscription {
    if (this.state === 'new' || this.state === 'starting') throw new Error('the live hub is not started');
    const source = { store: this.store, position: () => this.dispatched, bufferSize: this.bufferSize, readBatchSize: this.readBatchSize };
    const subscription = new LiveSubscription(source, options.after, (closed) => this.subscriptions.delete(closed), options.signal, options.only);
    if (this.state === 'stopped') subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  private receive(message: LiveMessage): void {
    if (this.state === 'stopped') return;
    this.inbox.push(message);
    if (this.state === 'running') this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = this.drainInbox().finally(() => {
      this.draining = undefined;
      // A message may have arrived between the loop's end and here.
      if (this.inbox.length > 0 && this.state === 'running') this.drain();
    });
  }

  private async drainInbox(): Promise<void> {
    for (let message = this.inbox.shift(); message && this.state === 'running'; message = this.inbox.shift()) await this.apply(message);
  }

  private async apply({ after, events }: LiveMessage): Promise<void> {
    if (after > this.dispatched) {
      try {
        for await (const event of this.store.readAll({ after: this.dispatched, until: after, batchSize: this.readBatchSize })) {
          if (this.state !== 'running') return;
          this.dispatch(event);
        }
      } catch (error) {
        // Dispatching the message's events now would leave a hole: the next message or heartbeat retries the gap.
        if (this.state === 'running') this.logger.warn(`could not read missed live events after ${this.dispatched}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    for (const event of events) if (event.position > this.dispatched) this.dispatch(event);
  }

  private dispatch(event: RecordedEvent): void {
    this.dispatched = event.position;
    for (const subscription of this.subscriptions) subscription.push(event);
  }
}
