/** Who did it, for whom, when, and why: carried by every event and covered by its hash. */
export interface EventMetadata {
  /** Member id, or `system` for reactions and schedulers. */
  actor: string;
  firmId: string;
  /** ISO-8601 instant supplied by the command, never read from the clock by the store. */
  occurredAt: string;
  correlationId?: string;
  causationId?: string;
}

/** An event as a writer hands it to the store. `id` is a UUID and the idempotency key. */
export interface NewEvent<Data = unknown> {
  id: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
}

/** An event as the store recorded it. */
export interface RecordedEvent<Data = unknown> extends NewEvent<Data> {
  stream: string;
  /** 0-based revision inside its stream. */
  revision: number;
  /** 1-based position in the global log; strictly increasing in commit order. */
  position: number;
  /** sha-256 (hex) over `previousHash` and the canonical JSON of the event. */
  hash: string;
  /** Hash of the previous event of the same stream; null for a stream's first event. */
  previousHash: string | null;
}

export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;

/** A revision number (the stream's last revision), or one of the three symbolic expectations. */
export type ExpectedRevision = number | typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append: pass it as the next expected revision. */
  nextExpectedRevision: number;
  /** Global position of the last event of the batch. */
  position: number;
  /** False when every event id was already recorded and the call was acknowledged idempotently. */
  written: boolean;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  fromRevision?: number;
}

export interface ReadAllOptions {
  /** Read events with a position strictly greater than this. Default 0 (from the start). */
  after?: number;
  /** Events fetched per round trip. */
  batchSize?: number;
  /** Stop after this position (inclusive). Default: the head when the read started. */
  until?: number;
}

export interface SubscribeOptions {
  /** Deliver events with a position strictly greater than this, then live ones. Default 0. */
  after?: number;
  batchSize?: number;
  signal?: AbortSignal;
}

/** A catch-up subscription: an async iterable that ends when closed or aborted. */
export interface Subscription<Data = unknown> extends AsyncIterable<RecordedEvent<Data>> {
  close(): void;
}

/** The event store port. Every adapter passes `testing/event-store.contract.ts`. */
export interface EventStore {
  append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Resolves once the log may have grown past `after`, or when `signal` aborts. Wake-ups may be spurious. */
  waitForAppend(after: number, signal: AbortSignal): Promise<void>;
  /** Position of the last committed event, 0 when the log is empty. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}
