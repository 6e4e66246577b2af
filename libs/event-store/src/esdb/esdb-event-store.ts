import { AppendWaiters } from '../append-waiters';
import {
  BACKWARDS, END, ErrorType, EventStoreDBClient, isCommandError,
  type AllStreamResolvedEvent, type AllStreamSubscription, type AppendResult as EsdbAppendResult, type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { catchUpSubscription } from '../catch-up-subscription';
import { EventStoreConfigError, ExpectedVersionConflictError } from '../errors';
import type {
  AppendOptions, AppendResult, EventStore, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent,
  SubscribeOptions, Subscription,
} from '../types';
import { prepareAppend, revisionMatches, type PreparedEvent } from '../validate-append';
import { clientExpectation, replayOf, type StreamState } from './esdb-append-rules';
import { fromEsdbEvent, toEsdbEvents, type StreamTip } from './esdb-events';
import {
  checkpointOfPosition, isAfter, positionOf, positionOfCheckpoint, readStartAfter, type EsdbCheckpoint,
} from './esdb-position';
import { EsdbStreams } from './esdb-streams';
import { parseEsdbUrl, redactEsdbUrl } from './esdb-url';

export interface EsdbEventStoreOptions {
  /** The variable the URL came from, for error messages. Default ACCORD_EVENT_STORE. */
  variable?: string;
  /** Prefix of Accord's stream names; overrides the URL's `streamPrefix` parameter. Default none. */
  streamPrefix?: string;
  /** Longest a waiting subscription sleeps when the server sends no wake-up. Default 1000 ms. */
  pollIntervalMs?: number;
}

export interface EsdbReadAllOptions extends ReadAllOptions {
  /** Read the events after this checkpoint (instead of `after`), starting the server's read exactly there. */
  afterCheckpoint?: EsdbCheckpoint;
}

export interface EsdbSubscribeOptions extends SubscribeOptions {
  /** Deliver the events after this checkpoint (instead of `after`): for Accord's events, after its commit position. */
  afterCheckpoint?: EsdbCheckpoint;
}

/** Attempts of an `any` or `stream_exists` append that keeps meeting a concurrent writer. */
const MAX_ATTEMPTS = 5;
/** Events the client buffers per read of `$all`. */
const DEFAULT_BATCH = 500;

/**
 * The event store on EventStoreDB, 22.6 or later (the client documents positions in stream reads from 22.6 on).
 *
 * Differences from the other adapters, all forced by the server:
 * - Positions are log offsets (see esdb-position.ts): strictly increasing, but with gaps, also
 *   between the events of one append.
 * - Event ids are unique per stream, not per store: the server indexes no ids across streams. An
 *   append reads its whole stream first, to find its tip (the hash chain continues from it) and any
 *   of the batch's ids already recorded there (an idempotent retry, or a conflict).
 * - The client filters reads of `$all` to Accord's streams itself; the client offers server-side
 *   filters only on subscriptions. Give the server to Accord alone, or a replay reads all of `$all`.
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private readonly reads = new Set<StreamingRead<unknown>>();
  private readonly waiters = new AppendWaiters();
  private notifier: AllStreamSubscription | undefined;
  /** The highest position this process wrote, or heard of from the server. */
  private seenHead = 0;
  private closed = false;

  /** Connects and reads the end of `$all` once, so a wrong URL or a missing permission fails here. */
  static async open(url: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    const variable = options.variable ?? 'ACCORD_EVENT_STORE';
    const { connectionString, streamPrefix } = parseEsdbUrl(url);
    let client: EventStoreDBClient;
    let streams: EsdbStreams;
    try {
      streams = new EsdbStreams(options.streamPrefix ?? streamPrefix ?? '');
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new EventStoreConfigError(variable, `${variable}: ${(error as Error).message}`);
    }
    const store = new EsdbEventStore(client, streams, options.pollIntervalMs ?? 1000);
    try {
      await store.logEnd();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw new Error(`${variable}: cannot read $all from EventStoreDB at ${redactEsdbUrl(url)}: ${(error as Error).message}`, { cause: error });
    }
    return store;
  }

  private constructor(
    readonly client: EventStoreDBClient,
    readonly streams: EsdbStreams,
    private readonly pollIntervalMs: number,
  ) {}

  async append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, options?.expectedRevision);
    const expected = options.expectedRevision;
    const name = this.streams.esdbName(stream);
    this.streams.checkTypes(stream, prepared.map((e) => e.type));
    for (let attempt = 1; ; attempt++) {
      this.assertOpen();
      const state = await this.streamState(stream);
      const actual = state.tip ? state.tip.revision : -1;
      const replay = replayOf(stream, prepared, expected, state);
      if (replay) return replay;
      // A fixed expectation that failed at the server fails here on the next round, against the new tip.
      if (!revisionMatches(expected, actual) || attempt > MAX_ATTEMPTS) throw new ExpectedVersionConflictError(stream, expected, actual);
      const written = await this.write(name, stream, prepared, state.tip);
      if (written) return written;
    }
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return this.streamEvents(stream, Math.max(0, options.fromRevision ?? 0));
  }

  readAll(options: EsdbReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return this.logEvents(options);
  }

  /**
   * The shared catch-up loop (readAll from the last delivered position, then waitForAppend), not the
   * client's own catch-up subscription: catch-up and live delivery stay one read loop keyed on the
   * last position, which cannot skip or repeat an event at the switch, exactly as on the other
   * adapters. The server's filtered subscription only wakes the loop (see waitForAppend).
   */
  subscribeToAll(options: EsdbSubscribeOptions = {}): Subscription {
    this.assertOpen();
    const after = options.afterCheckpoint ? positionOfCheckpoint(options.afterCheckpoint) : options.after;
    const subscription: Subscription = catchUpSubscription(this, { ...options, after }, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Resolves when the server announces one of Accord's events past `after` on a filtered
   * subscription from the end of `$all` (one per store, from the first wait on), when this process
   * appends, after a poll interval (the subscription may have missed what came before it started),
   * or on abort.
   */
  waitForAppend(after: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted || this.seenHead > after) return Promise.resolve();
    this.listen();
    return this.waiters.wait(after, this.pollIntervalMs, signal);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    for await (const { event } of this.consume(this.client.readAll({ direction: BACKWARDS, fromPosition: END }))) {
      if (event && this.streams.isAccord(event.streamId, event.type)) return positionOf(event.position);
    }
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
    for (const read of [...this.reads]) read.destroy(new Error('event store is closed'));
    this.waiters.wake();
    const notifier = this.notifier;
    this.notifier = undefined;
    await notifier?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }

  /** Appends at the tip that was read; undefined when another writer moved the stream first. */
  private async write(name: string, stream: string, events: PreparedEvent[], tip: StreamTip | undefined): Promise<AppendResult | undefined> {
    let result: EsdbAppendResult;
    try {
      result = await this.client.appendToStream(name, toEsdbEvents(stream, events, tip), { expectedRevision: clientExpectation(tip) });
    } catch (error) {
      if (isCommandError(error as Error) && (error as { type: ErrorType }).type === ErrorType.WRONG_EXPECTED_VERSION) return undefined;
      throw error;
    }
    if (!result.success) return undefined; // the connection string set throwOnAppendFailure=false
    const revision = Number(result.nextExpectedRevision);
    // Read back rather than trust the append's reply: for a batch it does not say which event's
    // position it reports, and the port promises the last one's.
    const position = await this.positionAt(name, revision);
    this.seenHead = Math.max(this.seenHead, position);
    this.waiters.wake();
    return { nextExpectedRevision: revision, position, written: true };
  }

  private async streamState(stream: string): Promise<StreamState> {
    const recorded = new Map<string, { revision: number; position: number }>();
    let tip: StreamTip | undefined;
    for await (const event of this.streamEvents(stream, 0)) {
      recorded.set(event.id, { revision: event.revision, position: event.position });
      tip = { revision: event.revision, hash: event.hash };
    }
    return { tip, recorded };
  }

  private async positionAt(name: string, revision: number): Promise<number> {
    for await (const { event } of this.consume(this.client.readStream(name, { fromRevision: BigInt(revision), maxCount: 1 }))) {
      if (event) return positionOf(event.position);
    }
    throw new Error(`${name}@${revision} was acknowledged but cannot be read back`);
  }

  private async *streamEvents(stream: string, fromRevision: number): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const name = this.streams.prefix + stream;
    if (name.startsWith('$')) return; // a system stream, never one of Accord's
    try {
      for await (const { event } of this.consume<ResolvedEvent>(this.client.readStream(name, { fromRevision: BigInt(fromRevision) }))) {
        if (event && !event.type.startsWith('$')) yield fromEsdbEvent(event, stream, positionOf(event.position));
      }
    } catch (error) {
      if (isCommandError(error as Error) && (error as { type: ErrorType }).type === ErrorType.STREAM_NOT_FOUND) return;
      throw error;
    }
  }

  private async *logEvents(options: EsdbReadAllOptions): AsyncGenerator<RecordedEvent> {
    this.assertOpen();
    const after = options.afterCheckpoint ?? (options.after ? checkpointOfPosition(options.after) : undefined);
    // Fixed when the read starts, so it ends even while writers go on.
    const until = options.until !== undefined ? BigInt(options.until) : await this.logEnd();
    if (after && after.commit >= until) return;
    const read = this.client.readAll({ fromPosition: readStartAfter(after) }, { highWaterMark: options.batchSize ?? DEFAULT_BATCH });
    for await (const { event } of this.consume<AllStreamResolvedEvent>(read)) {
      if (!event || (after && !isAfter(event.position, after))) continue;
      if (event.position.commit > until) return;
      if (this.streams.isAccord(event.streamId, event.type)) {
        yield fromEsdbEvent(event, this.streams.accordName(event.streamId), positionOf(event.position));
      }
    }
  }

  /** Commit position of the last record in `$all`, whoever wrote it; 0n when there is none. */
  private async logEnd(): Promise<bigint> {
    for await (const { event } of this.consume(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 16 }))) {
      if (event) return event.position.commit;
    }
    return 0n;
  }

  /** Iterates a server read; stopping early or closing the store cancels the call. */
  private async *consume<E>(read: StreamingRead<E>): AsyncGenerator<E> {
    this.reads.add(read);
    // The loop below sees errors; this keeps one arriving after it ended from going unhandled.
    read.on('error', () => undefined);
    try {
      for await (const item of read) yield item;
    } finally {
      this.reads.delete(read);
      await read.cancel().catch(() => undefined);
    }
  }

  /** Starts the filtered live subscription that wakes waiters; a failed one is restarted by the next wait. */
  private listen(): void {
    if (this.notifier || this.closed) return;
    const notifier = this.client.subscribeToAll({ fromPosition: END, filter: this.streams.serverFilter() });
    const drop = () => {
      if (this.notifier === notifier) this.notifier = undefined;
    };
    notifier.on('data', ({ event }: AllStreamResolvedEvent) => {
      // Only events a read would deliver: a head no read reaches would wake waiters in a loop.
      if (!event || !this.streams.isAccord(event.streamId, event.type)) return;
      const commit = event.position.commit;
      if (commit > 0n && commit <= BigInt(Number.MAX_SAFE_INTEGER)) this.seenHead = Math.max(this.seenHead, Number(commit));
      this.waiters.wake();
    });
    // Not a wake-up: the poll interval paces retries while the server is away.
    notifier.on('error', drop);
    notifier.on('close', drop);
    this.notifier = notifier;
  }


  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
