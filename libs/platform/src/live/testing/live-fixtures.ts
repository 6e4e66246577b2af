import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, Subscription } from '@accord/event-store';
import type { LiveBus, LiveMessage } from '../live-bus';

export const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export function tick(): NewEvent {
  return { id: randomUUID(), type: 'Ticked', data: {}, metadata: { actor: 'm-1', firmId: 'f-1', occurredAt: '2026-11-24T10:00:00Z' } };
}

/** Appends `count` events to a fresh stream in one call; resolves to the position of the last. */
export async function appendTicks(store: EventStore, count: number): Promise<number> {
  const events = Array.from({ length: count }, tick);
  return (await store.append(`s-${randomUUID()}`, events, { expectedRevision: 'no_stream' })).position;
}

/** `from + 1 … to`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + 1 + i);
}

/** The positions of the next `count` events, then closes the subscription; `pace` runs after each event. */
export async function take(subscription: Subscription, count: number, pace?: () => Promise<unknown>): Promise<number[]> {
  const positions: number[] = [];
  if (count === 0) {
    subscription.close();
    return positions;
  }
  for await (const event of subscription) {
    positions.push(event.position);
    if (positions.length === count) break;
    await pace?.();
  }
  return positions;
}

export function within<T>(ms: number, promise: Promise<T>, what = 'the feed'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await sleep(5);
  }
}

/** A bus in front of another that records what is published and can lose or refuse chosen messages. */
export class FaultyBus implements LiveBus {
  readonly published: LiveMessage[] = [];
  readonly lost: LiveMessage[] = [];
  /** Decides per message (with events) whether it is lost on the way. */
  lose: (message: LiveMessage, index: number) => boolean = () => false;
  /** Publishing rejects while this is true. */
  down = false;
  private withEvents = 0;

  constructor(private readonly inner: LiveBus) {}

  async publish(message: LiveMessage): Promise<void> {
    if (this.down) throw new Error('bus down');
    this.published.push(message);
    if (message.events.length > 0 && this.lose(message, this.withEvents++)) {
      this.lost.push(message);
      return;
    }
    await this.inner.publish(message);
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    return this.inner.subscribe(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
