import type { RecordedEvent } from '@accord/event-store';

/**
 * Reacts to recorded events by sending commands (appending elsewhere). It runs after the event is
 * committed, never inside a projection transaction; its events get ids derived from the cause
 * (`deterministicEventId`), so running it twice for one event writes once.
 */
export interface ProcessManager {
  readonly name: string;
  readonly handles: readonly string[];
  react(event: RecordedEvent): Promise<void>;
}
