import type { EventStore } from '../types';

/** Alters stored events behind the store's back, as someone with access to the storage would. */
export interface Tamperer {
  /** Changes one character of a field of the event at `position`, keeping the row readable. */
  changeByte(store: EventStore, position: number, field: TamperField): Promise<void>;
  deleteEvent(store: EventStore, position: number): Promise<void>;
  /** Exchanges the global positions of two events. */
  swapPositions(store: EventStore, a: number, b: number): Promise<void>;
}

export type TamperField = 'data' | 'metadata' | 'type' | 'id' | 'hash' | 'previousHash' | 'stream';

/** Outcome of writers run outside this process. */
export interface ExternalWriteResult {
  /** Ids of the events whose append was acknowledged, per writer, in acknowledgement order. */
  acknowledged: string[][];
}

/** What an adapter offers the contract suite. Optional capabilities add the tests that need them. */
export interface ContractHarness {
  /** A fresh, empty store. */
  open(): Promise<EventStore>;
  /** Closes `store` and opens the same storage again: for durable adapters. */
  reopen?(store: EventStore): Promise<EventStore>;
  tamper?: Tamperer;
  /**
   * `stream` when the store keeps event ids unique per stream only (EventStoreDB indexes no ids
   * across streams): the test that an id recorded in another stream is refused is left out.
   */
  eventIdScope?: 'store' | 'stream';
  /** False when positions have gaps, also inside one batch (EventStoreDB: log offsets). Default true. */
  gaplessPositions?: boolean;
  /** Runs `writers` separate processes that each append `eventsEach` single-event appends. */
  externalWriters?(store: EventStore, writers: number, eventsEach: number): Promise<ExternalWriteResult>;
  /**
   * Starts `processes` processes that each append one event to `stream` at `expected` at the same
   * moment; returns what each printed (`ack <id>` or `conflict <expected> <actual>`).
   */
  racingProcesses?(store: EventStore, stream: string, expected: number, processes: number): Promise<string[]>;
  /**
   * Starts a process appending in a loop, kills it with SIGKILL after `killAfterMs`, and returns the
   * ids whose append it had acknowledged. Then `checkStorage` runs the storage's own integrity check.
   */
  crash?: {
    appendThenKill(store: EventStore, killAfterMs: number): Promise<string[]>;
    checkStorage(store: EventStore): Promise<string>;
  };
  /** Removes whatever `open` created. */
  cleanup?(): Promise<void>;
}
