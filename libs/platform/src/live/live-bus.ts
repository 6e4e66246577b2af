import type { RecordedEvent } from '@accord/event-store';

/**
 * Events the publisher saw arrive together. `after` is the position its previous message ended at,
 * so a receiver whose position is below it knows it missed a message and reads that range from the store.
 * A message without events is a heartbeat: it only says how far the publisher has got.
 */
export interface LiveMessage {
  after: number;
  events: RecordedEvent[];
}

/** Carries live events from the publisher to every API instance's hub. Delivery is best effort, in order. */
export interface LiveBus {
  publish(message: LiveMessage): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
  close(): Promise<void>;
}

/** The bus of a single process: a message reaches every listener before `publish` resolves. */
export class InProcessLiveBus implements LiveBus {
  private readonly listeners = new Set<(message: LiveMessage) => void>();

  async publish(message: LiveMessage): Promise<void> {
    for (const listener of [...this.listeners]) listener(message);
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    // Wrapped, so the same function subscribed twice is two listeners.
    const entry = (message: LiveMessage) => listener(message);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
