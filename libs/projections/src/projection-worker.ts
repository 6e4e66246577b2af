import { AsyncLock, type EventStore, type RecordedEvent } from '@accord/event-store';
import { readCheckpoint, writeCheckpoint } from './checkpoints';
import { ProjectionHandlerError } from './projection-errors';
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
  /** Called after every committed batch, so read-your-writes waiters can be released. */
  onAdvance: () => void;
  /** Runs first in every batch transaction; throws to keep the batch from committing (a lost projector lease). */
  fence?: (tx: ReadTx) => Promise<void>;
}

/**
 * Runs one projection: reads the global log from its checkpoint in batches and commits each batch
 * together with the new checkpoint. A failing handler stops only this worker, which retries with
 * exponential backoff from the event that failed.
 */
export class ProjectionWorker {
  state: ProjectionState = 'starting';
  checkpoint = 0;
  private error?: ProjectionStatus['error'];
  private controller?: AbortController;
  private loop?: Promise<void>;
  private readonly handled: ReadonlySet<string>;
  /** start, stop and rebuild run one at a time, so two loops never share one checkpoint. */
  private readonly lifecycle = new AsyncLock(Number.POSITIVE_INFINITY);

  constructor(
    readonly projection: Projection,
    private readonly settings: WorkerSettings,
  ) {
    this.handled = new Set(projection.handles);
  }

  get name(): string {
    return this.projection.name;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Creates the projection's tables (unless migrations manage them) and loads its checkpoint. */
  async init(): Promise<void> {
    const { readStore } = this.settings;
    await readStore.transaction(async (tx) => {
      if (!readStore.managedSchema) for (const ddl of this.projection.schema) await tx.run(ddl);
      this.checkpoint = await readCheckpoint(tx, this.name);
    });
  }

  start(): Promise<void> {
    return this.lifecycle.run(() => this.startLoop());
  }

  stop(): Promise<void> {
    return this.lifecycle.run(() => this.stopLoop());
  }

  status(): ProjectionStatus {
    return { name: this.name, state: this.state, checkpoint: this.checkpoint, ...(this.error ? { error: this.error } : {}) };
  }

  /**
   * Empties the projection's tables and checkpoint, then replays up to the current head. If it was
   * running it runs again afterwards, also when the replay failed: the loop then retries from the
   * checkpoint the replay reached, and the error still reaches the caller.
   */
  rebuild(onBatch: (checkpoint: number, applied: number, head: number) => void, batchSize: number): Promise<void> {
    return this.lifecycle.run(async () => {
      const wasRunning = this.running;
      if (wasRunning) await this.stopLoop();
      this.state = 'rebuilding';
      try {
        await this.settings.readStore.transaction(async (tx) => {
          await this.settings.fence?.(tx);
          for (const table of this.projection.tables) await tx.run(`DELETE FROM ${table}`);
          await writeCheckpoint(tx, this.name, 0);
        });
        this.checkpoint = 0;
        const head = await this.settings.store.headPosition();
        await this.catchUp({ until: head, batchSize, onBatch: (applied) => onBatch(this.checkpoint, applied, head) });
      } finally {
        this.state = 'stopped';
        if (wasRunning) this.startLoop();
      }
    });
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
    let attempts = 0;
    while (!signal.aborted) {
      try {
        const applied = await this.catchUp({ signal });
        attempts = 0;
        this.error = undefined;
        if (this.state === 'failing') this.state = 'catching-up';
        if (applied === 0 && !signal.aborted) {
          this.state = 'live';
          await this.settings.store.waitForAppend(this.checkpoint, signal);
        }
      } catch (error) {
        if (signal.aborted) break;
        attempts++;
        const retryInMs = Math.min(this.settings.retry.initialMs * 2 ** (attempts - 1), this.settings.retry.maxMs);
        const failed = error instanceof ProjectionHandlerError ? error : undefined;
        const message = failed ? String((failed.cause as Error)?.message ?? failed.cause) : (error as Error).message;
        this.state = 'failing';
        this.error = { position: failed?.position ?? this.checkpoint + 1, eventType: failed?.eventType ?? 'unknown', message, attempts, retryInMs };
        this.settings.logger.error(
          `projection ${this.name} failed at position ${this.error.position} (${this.error.eventType}): ${message}; attempt ${attempts}, retry in ${retryInMs} ms`,
        );
        await sleep(retryInMs, signal);
      }
    }
  }

  /** Applies events after the checkpoint up to `until` (default: the head now). Returns how many it read. */
  private async catchUp(options: { signal?: AbortSignal; until?: number; batchSize?: number; onBatch?: (applied: number) => void }): Promise<number> {
    const batchSize = options.batchSize ?? this.settings.batchSize;
    let batch: RecordedEvent[] = [];
    let applied = 0;
    for await (const event of this.settings.store.readAll({ after: this.checkpoint, until: options.until, batchSize })) {
      batch.push(event);
      if (batch.length < batchSize) continue;
      await this.apply(batch);
      applied += batch.length;
      batch = [];
      options.onBatch?.(applied);
      if (options.signal?.aborted) return applied;
    }
    if (batch.length > 0) {
      await this.apply(batch);
      applied += batch.length;
      options.onBatch?.(applied);
    }
    return applied;
  }

  private async apply(batch: RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    try {
      await this.settings.readStore.transaction(async (tx) => {
        await this.settings.fence?.(tx);
        for (let i = 0; i < batch.length; i++) {
          const event = batch[i];
          if (!this.handled.has(event.type)) continue;
          try {
            await this.projection.handle(event, tx);
          } catch (cause) {
            throw new ProjectionHandlerError(this.name, event.position, event.type, i, cause);
          }
        }
        await writeCheckpoint(tx, this.name, last);
      }, `a batch of projection ${this.name}`);
    } catch (error) {
      // Keep what came before the failing event, so the checkpoint stops right in front of it.
      if (error instanceof ProjectionHandlerError && error.index > 0) await this.apply(batch.slice(0, error.index));
      throw error;
    }
    this.checkpoint = last;
    this.settings.onAdvance();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
