import { AsyncLock, type EventStore, type RecordedEvent } from '@accord/event-store';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { clearPoison, describePoison, poisonOf, readPoison, recordPoison, type PoisonEvent } from './poison';
import { DeferredWriteError, ProjectionHandlerError } from './projection-errors';
import { clearRebuildMarker, markRebuild, type RebuildMarker } from './rebuild-markers';
import { isTransientStoreError } from './transient-errors';
import type { Projection, ProjectionState, ProjectionStatus, ReadStore, ReadTx } from './types';

export interface Logger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface WorkerSettings {
  store: EventStore;
  readStore: ReadStore;
  logger: Logger;
  batchSize: number;
  retry: { initialMs: number; maxMs: number };
  /** Failures of one event's handler before it is recorded as poison and passed over. */
  maxAttempts: number;
  /** Called after every committed batch, so read-your-writes waiters can be released. */
  onAdvance: () => void;
  /** Runs first in every batch transaction; throws to keep the batch from committing (a lost projector lease). */
  fence?: (tx: ReadTx) => Promise<void>;
}

/**
 * Runs one projection: reads the global log from its checkpoint in batches and commits each batch
 * together with the new checkpoint. A failing handler holds back only this worker, which retries with
 * exponential backoff from the event that failed; after `maxAttempts` failures of the same event it
 * records the event as poison and passes over it, in the transaction that applies the rest of the batch.
 */
export class ProjectionWorker {
  state: ProjectionState = 'starting';
  checkpoint = 0;
  private error?: ProjectionStatus['error'];
  /** Failures of the handler at `position` so far; failures of the read store itself are not counted. */
  private handlerFailures?: { position: number; attempts: number };
  /** The event the next batch passes over as poison. */
  private poisonNext?: { position: number; message: string; attempts: number };
  private poisoned: PoisonEvent[] = [];
  private marker?: RebuildMarker;
  private controller?: AbortController;
  private loop?: Promise<void>;
  private readonly handled: ReadonlySet<string>;
  /** See {@link deferredIndexes}. */
  private readonly deferred: ReadonlyArray<{ name: string; ddl: string }>;
  /** start, stop and rebuild run one at a time, so two loops never share one checkpoint. */
  private readonly lifecycle = new AsyncLock(Number.POSITIVE_INFINITY);

  constructor(
    readonly projection: Projection,
    private readonly settings: WorkerSettings,
  ) {
    this.handled = new Set(projection.handles);
    this.deferred = settings.readStore.managedSchema ? [] : deferredIndexes(projection.schema);
  }

  get name(): string {
    return this.projection.name;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** The unfinished rebuild of this projection, if any. */
  get rebuildMarker(): RebuildMarker | undefined {
    return this.marker;
  }

  /** The events it has passed over, in log order. */
  get poisonEvents(): readonly PoisonEvent[] {
    return this.poisoned;
  }

  /**
   * Creates the projection's tables (unless migrations manage them) and loads its checkpoint, its
   * poison events and the rebuild `marker` (read by the runner for all projections at once).
   */
  async init(marker: RebuildMarker | undefined): Promise<void> {
    const { readStore } = this.settings;
    await readStore.transaction(async (tx) => {
      if (!readStore.managedSchema) for (const ddl of this.projection.schema) await tx.run(ddl);
      this.checkpoint = await readCheckpoint(tx, this.name);
      this.poisoned = await readPoison(tx, this.name);
    });
    this.marker = marker;
    if (marker && this.checkpoint < marker.target) {
      this.settings.logger.warn(`projection ${this.name}: a rebuild started ${marker.startedAt} is unfinished at position ${this.checkpoint} of ${marker.target}; it continues from there`);
    }
  }

  start(): Promise<void> {
    return this.lifecycle.run(() => this.startLoop());
  }

  stop(): Promise<void> {
    return this.lifecycle.run(() => this.stopLoop());
  }

  status(): ProjectionStatus {
    return {
      name: this.name,
      state: this.state,
      checkpoint: this.checkpoint,
      ...(this.error ? { error: this.error } : {}),
      ...(this.poisoned.length > 0 ? { poisoned: this.poisoned.length } : {}),
      ...(this.marker ? { rebuild: { target: this.marker.target, startedAt: this.marker.startedAt } } : {}),
    };
  }

  /**
   * Runs `work` with this worker's loop stopped and its state `rebuilding`; restarts the loop afterwards
   * if it was running, also when `work` failed (it then continues from the checkpoint `work` reached).
   */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.lifecycle.run(async () => {
      const wasRunning = this.running;
      if (wasRunning) await this.stopLoop();
      this.state = 'rebuilding';
      try {
        return await work();
      } finally {
        this.state = 'stopped';
        if (wasRunning) this.startLoop();
      }
    });
  }

  /** Inside the transaction that starts a rebuild (under {@link exclusively}): empties the tables, the checkpoint and the poison events, and marks the rebuild. */
  async reset(tx: ReadTx, marker: RebuildMarker): Promise<void> {
    for (const index of this.deferred) await tx.run(`DROP INDEX IF EXISTS ${index.name}`);
    for (const table of this.projection.tables) await tx.run(`DELETE FROM ${table}`);
    await writeCheckpoint(tx, this.name, 0);
    await clearPoison(tx, this.name);
    await markRebuild(tx, marker);
  }

  /** Creates the indexes a rebuild from 0 dropped (idempotent). */
  private async createDeferredIndexes(tx: ReadTx): Promise<void> {
    for (const index of this.deferred) await tx.run(index.ddl);
  }

  /** After that transaction committed. */
  wasReset(marker: RebuildMarker): void {
    this.checkpoint = 0;
    this.poisoned = [];
    this.marker = marker;
    this.error = undefined;
    this.handlerFailures = undefined;
    this.poisonNext = undefined;
  }

  /** Deletes the rebuild marker when the checkpoint reached its target without a batch that could (an empty log). */
  async finishRebuild(): Promise<void> {
    if (!this.marker || this.checkpoint < this.marker.target) return;
    await this.settings.readStore.transaction(async (tx) => {
      await this.settings.fence?.(tx);
      await this.createDeferredIndexes(tx);
      await clearRebuildMarker(tx, this.name);
    }, `finishing the rebuild of projection ${this.name}`);
    this.marker = undefined;
  }

  /**
   * Applies the events of `batch` after the checkpoint (under {@link exclusively}), with the loop's
   * retries and poison handling. Errors other than a handler's (a lost lease) are thrown.
   */
  async applyRebuildBatch(batch: readonly RecordedEvent[], signal?: AbortSignal): Promise<void> {
    let failures = 0;
    for (;;) {
      const pending = batch.filter((event) => event.position > this.checkpoint);
      if (pending.length === 0) return;
      try {
        await this.apply(pending);
        this.error = undefined;
        return;
      } catch (error) {
        if (!(error instanceof ProjectionHandlerError) || signal?.aborted) throw error;
        await sleep(this.failed(error, ++failures), signal);
        if (signal?.aborted) throw error;
      }
    }
  }

  private startLoop(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'catching-up';
    this.loop = this.run(controller.signal);
  }

  private async stopLoop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
    this.state = 'stopped';
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const applied = await this.catchUp(signal);
        failures = 0;
        this.error = undefined;
        if (this.state === 'failing') this.state = 'catching-up';
        if (applied === 0 && !signal.aborted) {
          this.state = 'live';
          await this.settings.store.waitForAppend(this.checkpoint, signal);
        }
      } catch (error) {
        if (signal.aborted) break;
        await sleep(this.failed(error, ++failures), signal);
      }
    }
  }

  /**
   * Notes a failed batch (`failures` in a row): shows it in the status, logs it, counts the failing
   * event's attempts and, at the limit, marks it to be passed over as poison. Returns the wait before the next try.
   */
  private failed(error: unknown, failures: number): number {
    const { logger, retry, maxAttempts } = this.settings;
    const handler = error instanceof ProjectionHandlerError ? error : undefined;
    const message = handler ? String((handler.cause as Error)?.message ?? handler.cause) : (error as Error).message;
    const position = handler?.position ?? this.checkpoint + 1;
    const eventType = handler?.eventType ?? 'unknown';
    let attempts = failures;
    if (handler && !isTransientStoreError(handler.cause)) {
      attempts = this.handlerFailures?.position === position ? this.handlerFailures.attempts + 1 : 1;
      this.handlerFailures = { position, attempts };
      if (attempts >= maxAttempts) {
        this.poisonNext = { position, message, attempts };
        if (this.state !== 'rebuilding') this.state = 'failing';
        this.error = { position, eventType, message, attempts, retryInMs: 0 };
        logger.error(`projection ${this.name} failed at position ${position} (${eventType}): ${message}; attempt ${attempts} of ${maxAttempts}: passing over it as a poison event`);
        return 0;
      }
    }
    const retryInMs = Math.min(retry.initialMs * 2 ** (failures - 1), retry.maxMs);
    if (this.state !== 'rebuilding') this.state = 'failing';
    this.error = { position, eventType, message, attempts, retryInMs };
    logger.error(`projection ${this.name} failed at position ${position} (${eventType}): ${message}; attempt ${attempts}, retry in ${retryInMs} ms`);
    return retryInMs;
  }

  /** Applies the events after the checkpoint up to the head now. Returns how many it read. */
  private async catchUp(signal: AbortSignal): Promise<number> {
    const { batchSize } = this.settings;
    let batch: RecordedEvent[] = [];
    let applied = 0;
    for await (const event of this.settings.store.readAll({ after: this.checkpoint, batchSize })) {
      batch.push(event);
      if (batch.length < batchSize) continue;
      await this.apply(batch);
      applied += batch.length;
      batch = [];
      if (signal.aborted) return applied;
      // SQLite never yields by itself: a long catch-up must not starve requests and timers.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (batch.length > 0) {
      await this.apply(batch);
      applied += batch.length;
    }
    return applied;
  }

  /**
   * Applies `batch` in one transaction with its checkpoint. Writes are deferred (sent many at a time
   * where the store can); if sending them fails, the batch is done again with plain statements, which
   * tell which event failed, so retries and poison work as they do without deferral.
   */
  private async apply(batch: readonly RecordedEvent[], deferWrites = true): Promise<void> {
    const last = batch[batch.length - 1].position;
    const finishesRebuild = this.marker !== undefined && last >= this.marker.target;
    let passedOver: PoisonEvent | undefined;
    try {
      await this.settings.readStore.transaction(async (tx) => {
        await this.settings.fence?.(tx);
        for (let i = 0; i < batch.length; i++) {
          const event = batch[i];
          if (!this.handled.has(event.type)) continue;
          if (event.position === this.poisonNext?.position) {
            passedOver = poisonOf(this.name, event, this.poisonNext, new Date().toISOString());
            await recordPoison(tx, passedOver);
            continue;
          }
          try {
            await this.projection.handle(event, tx);
          } catch (cause) {
            throw new ProjectionHandlerError(this.name, event.position, event.type, i, cause);
          }
        }
        await writeCheckpoint(tx, this.name, last);
        if (finishesRebuild) {
          await this.createDeferredIndexes(tx);
          await clearRebuildMarker(tx, this.name);
        }
      }, `a batch of projection ${this.name}`, { deferWrites });
    } catch (error) {
      if (deferWrites && isDeferredWriteFailure(error)) return this.apply(batch, false);
      // Keep what came before the failing event, so the checkpoint stops right in front of it.
      if (error instanceof ProjectionHandlerError && error.index > 0) await this.apply(batch.slice(0, error.index), false);
      throw error;
    }
    this.checkpoint = last;
    if (passedOver) {
      this.poisoned.push(passedOver);
      this.poisonNext = undefined;
      this.settings.logger.error(describePoison(passedOver));
    }
    if (this.handlerFailures && this.handlerFailures.position <= last) this.handlerFailures = undefined;
    if (this.error && this.error.position <= last) {
      this.error = undefined;
      if (this.state === 'failing') this.state = 'catching-up';
    }
    if (finishesRebuild) this.marker = undefined;
    this.settings.onAdvance();
  }
}

/**
 * The plain (non-unique) indexes among a projection's start-up DDL. A rebuild from 0 drops them with
 * the rows and creates them again in the transaction that ends it: one sort of the finished table
 * instead of an index update per row, most of a SQLite rebuild's writes otherwise. Handlers look rows
 * up by primary key (or a unique index, which stays), so nothing they do needs these meanwhile; until
 * the rebuild ends the read models are incomplete anyway, and a start-up (running the DDL) recreates them.
 */
export function deferredIndexes(schema: readonly string[]): Array<{ name: string; ddl: string }> {
  return schema.flatMap((ddl) => {
    const index = /^\s*CREATE\s+INDEX\s+IF\s+NOT\s+EXISTS\s+(\w+)\s+ON\b/i.exec(ddl);
    return index ? [{ name: index[1], ddl }] : [];
  });
}

function isDeferredWriteFailure(error: unknown): boolean {
  return error instanceof DeferredWriteError || (error instanceof ProjectionHandlerError && error.cause instanceof DeferredWriteError);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
