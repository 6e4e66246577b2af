import type { EventStore, RecordedEvent } from '@accord/event-store';
import { CHECKPOINTS_SCHEMA } from './checkpoints';
import { POISON_SCHEMA, type PoisonEvent } from './poison';
import { ProjectionLagError } from './projection-errors';
import { ProjectionWorker, type Logger } from './projection-worker';
import type { ProjectionProgress } from './progress';
import { REBUILDS_SCHEMA, readRebuildMarkers, type RebuildMarker } from './rebuild-markers';
import type { Projection, ProjectionStatus, ReadStore, ReadTx, RebuildProgress } from './types';

/** Failures of one event's handler before it is passed over as poison, unless configured. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface ProjectionRunnerOptions {
  /** Events per transaction while running. */
  batchSize?: number;
  /** Events per transaction during a rebuild. */
  rebuildBatchSize?: number;
  logger?: Logger;
  retry?: { initialMs: number; maxMs: number };
  /** Failures of one event's handler (read-store outages not counted) before it is recorded as poison and passed over. Default 5. */
  maxAttempts?: number;
  /** Runs first in every batch transaction (see ProjectorLease.fence). */
  fence?: (tx: ReadTx) => Promise<void>;
}

export interface RebuildOptions {
  /**
   * Continue the unfinished rebuilds among the projections from their checkpoints instead of starting
   * them again (those without one start from 0). Default false: every named projection starts from 0.
   */
  resume?: boolean;
  /** Stops after the current batch; the rebuild stays unfinished and can be resumed. */
  signal?: AbortSignal;
}

export interface RebuildResult {
  projections: string[];
  /** The projections that continued an unfinished rebuild, and from which position. */
  resumed: Array<{ projection: string; from: number; target: number }>;
  /** The position the pass started after, the one all the projections reached, and the head it went to. */
  from: number;
  position: number;
  head: number;
  eventsRead: number;
  /** False when stopped by the signal before the head. */
  completed: boolean;
  /** The rebuilt projections' poison events: events their handlers still fail on. */
  poisonEvents: PoisonEvent[];
}

interface Waiter {
  position: number;
  names: readonly string[];
  resolve: () => void;
}

const consoleLogger: Logger = {
  log: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

/** Runs every projection in its own checkpointed loop; offers read-your-writes and rebuilds. */
export class ProjectionRunner implements ProjectionProgress {
  private readonly workers = new Map<string, ProjectionWorker>();
  private readonly waiters = new Set<Waiter>();
  private readonly rebuildBatchSize: number;
  private readonly fence?: (tx: ReadTx) => Promise<void>;
  private started = false;
  private initialised?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.rebuildBatchSize = options.rebuildBatchSize ?? 5000;
    this.fence = options.fence;
    const settings = {
      store,
      readStore,
      logger: options.logger ?? consoleLogger,
      batchSize: options.batchSize ?? 500,
      retry: options.retry ?? { initialMs: 100, maxMs: 30_000 },
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      onAdvance: () => this.releaseWaiters(),
      fence: options.fence,
    };
    for (const projection of projections) {
      if (this.workers.has(projection.name)) throw new Error(`two projections are named ${projection.name}`);
      this.workers.set(projection.name, new ProjectionWorker(projection, settings));
    }
  }

  /** Creates tables (unless migrations manage them) and checkpoints, then starts every projection. */
  async start(): Promise<void> {
    await this.init();
    await Promise.all([...this.workers.values()].map((worker) => worker.start()));
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  status(): ProjectionStatus[] {
    return [...this.workers.values()].map((worker) => worker.status());
  }

  /**
   * Healthy when started and no projection is failing or rebuilding. Poison events do not make it
   * unhealthy: the projection has passed over them and serves; see {@link poisonEvents}.
   */
  health(): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    if (!this.started) reasons.push('projections are not running');
    for (const { name, state, checkpoint, error } of this.status()) {
      if (error) reasons.push(`projection ${name} failing at position ${error.position} (${error.eventType}): ${error.message}`);
      else if (state === 'rebuilding' || (this.started && state === 'stopped')) reasons.push(`projection ${name} ${state} at position ${checkpoint}`);
    }
    return { ok: reasons.length === 0, reasons };
  }

  /** The events every projection has passed over as poison, in log order. */
  poisonEvents(): PoisonEvent[] {
    return [...this.workers.values()].flatMap((worker) => worker.poisonEvents).sort((a, b) => a.position - b.position || a.projection.localeCompare(b.projection));
  }

  /** The rebuilds started and not finished (interrupted ones, or one running now). */
  async unfinishedRebuilds(): Promise<RebuildMarker[]> {
    await this.init();
    return [...this.workers.values()].flatMap((worker) => (worker.rebuildMarker ? [worker.rebuildMarker] : []));
  }

  /**
   * Resolves once the named projections (default: all) have applied `position`; rejects with
   * {@link ProjectionLagError} after `timeoutMs`. This is how a mutation reads its own writes.
   */
  waitFor(position: number, options: { timeoutMs?: number; projections?: readonly string[] } = {}): Promise<void> {
    const names = options.projections ?? [...this.workers.keys()];
    for (const name of names) if (!this.workers.has(name)) throw new Error(`no projection named ${name}`);
    if (this.lagging(position, names).length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        position,
        names,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProjectionLagError(position, this.lagging(position, names)));
      }, options.timeoutMs ?? 10_000);
      this.waiters.add(waiter);
    });
  }

  /**
   * Empties the named projections (default: all) and replays the log into them in one pass, reporting
   * progress after every batch. Emptying them and marking the rebuild unfinished is one transaction,
   * and every batch commits with its checkpoints, so a rebuild killed at any moment can be resumed
   * (`resume`) and ends with the same rows. Failing handlers are retried and poison passed over as
   * while running. Works whether or not the runner is started; running projections pause meanwhile.
   */
  async rebuild(names?: readonly string[], onProgress?: (progress: RebuildProgress) => void, options: RebuildOptions = {}): Promise<RebuildResult> {
    await this.init();
    const selected = [...new Set(names ?? this.workers.keys())].sort().map((name) => {
      const worker = this.workers.get(name);
      if (!worker) throw new Error(`no projection named ${name}; known: ${[...this.workers.keys()].join(', ')}`);
      return worker;
    });
    // Nested in name order, so concurrent rebuilds of overlapping sets cannot deadlock.
    const replay = () => (this.readStore.duringRebuild ? this.readStore.duringRebuild(() => this.replay(selected, onProgress, options)) : this.replay(selected, onProgress, options));
    const exclusively = selected.reduceRight<() => Promise<RebuildResult>>((inner, worker) => () => worker.exclusively(inner), replay);
    return exclusively();
  }

  private async replay(selected: ProjectionWorker[], onProgress: ((progress: RebuildProgress) => void) | undefined, options: RebuildOptions): Promise<RebuildResult> {
    const head = await this.store.headPosition();
    const resumed = options.resume ? selected.filter((worker) => worker.rebuildMarker) : [];
    const fresh = selected.filter((worker) => !resumed.includes(worker));
    const resumedFrom = resumed.map((worker) => ({ projection: worker.name, from: worker.checkpoint, target: worker.rebuildMarker!.target }));
    if (fresh.length > 0) {
      const marker = (projection: string): RebuildMarker => ({ projection, target: head, startedAt: new Date().toISOString() });
      const markers = new Map(fresh.map((worker) => [worker, marker(worker.name)]));
      await this.readStore.transaction(async (tx) => {
        await this.fence?.(tx);
        for (const [worker, m] of markers) await worker.reset(tx, m);
      }, 'starting a rebuild');
      for (const [worker, m] of markers) worker.wasReset(m);
    }
    const from = Math.min(...selected.map((worker) => worker.checkpoint));
    const startedAt = Date.now();
    let eventsRead = 0;
    const report = () => {
      const position = Math.min(...selected.map((worker) => worker.checkpoint));
      const seconds = (Date.now() - startedAt) / 1000;
      const rate = seconds > 0 ? eventsRead / seconds : 0;
      onProgress?.({
        projections: selected.map((worker) => worker.name),
        position,
        from,
        head,
        eventsRead,
        eventsPerSecond: Math.round(rate),
        etaSeconds: rate > 0 ? (head - position) / rate : null,
      });
    };
    const applyAll = async (batch: RecordedEvent[]) => {
      // Each projection in its own transaction, all at once: a PostgreSQL read store runs them on
      // separate connections (SQLite takes them in turn on its one connection).
      const applied = await Promise.allSettled(selected.map((worker) => worker.applyRebuildBatch(batch, options.signal)));
      const failed = applied.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
      eventsRead += batch.length;
      report();
      // SQLite reads and writes without yielding: let signals and timers (the lease's renewal) in.
      await new Promise((resolve) => setImmediate(resolve));
    };
    let completed = true;
    try {
      if (from < head) {
        for await (const batch of readAhead(this.store.readAll({ after: from, until: head, batchSize: this.rebuildBatchSize }), this.rebuildBatchSize)) {
          await applyAll(batch);
          if (options.signal?.aborted) break;
        }
      }
    } catch (error) {
      // Stopped while retrying a failing handler: as unfinished as any other interruption.
      if (!options.signal?.aborted) throw error;
    }
    if (options.signal?.aborted && selected.some((worker) => worker.checkpoint < head)) completed = false;
    if (completed) for (const worker of selected) await worker.finishRebuild();
    return {
      projections: selected.map((worker) => worker.name),
      resumed: resumedFrom,
      from,
      position: Math.min(...selected.map((worker) => worker.checkpoint)),
      head,
      eventsRead,
      completed,
      poisonEvents: selected.flatMap((worker) => worker.poisonEvents).sort((a, b) => a.position - b.position),
    };
  }

  private init(): Promise<void> {
    this.initialised ??= (async () => {
      if (!this.readStore.managedSchema) {
        await this.readStore.transaction(async (tx) => {
          for (const ddl of [CHECKPOINTS_SCHEMA, POISON_SCHEMA, REBUILDS_SCHEMA]) await tx.run(ddl);
        }, 'the projection checkpoint tables');
      }
      const markers = new Map((await this.readStore.read(readRebuildMarkers)).map((marker) => [marker.projection, marker]));
      for (const worker of this.workers.values()) await worker.init(markers.get(worker.name));
    })();
    return this.initialised;
  }

  private lagging(position: number, names: readonly string[]): string[] {
    return names
      .map((name) => this.workers.get(name)!)
      .filter((worker) => worker.checkpoint < position)
      .map((worker) => `${worker.name} at ${worker.checkpoint} (${worker.state})`);
  }

  private releaseWaiters(): void {
    for (const waiter of this.waiters) {
      if (this.lagging(waiter.position, waiter.names).length === 0) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/**
 * The events in batches of `size`, reading the next batch while the caller applies this one: on
 * PostgreSQL the read's round trips overlap the projections' work instead of adding to it.
 */
export async function* readAhead(events: AsyncIterable<RecordedEvent>, size: number): AsyncGenerator<RecordedEvent[]> {
  const iterator = events[Symbol.asyncIterator]();
  const read = async (): Promise<RecordedEvent[]> => {
    const batch: RecordedEvent[] = [];
    while (batch.length < size) {
      const next = await iterator.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  let pending = read();
  try {
    for (;;) {
      const batch = await pending;
      if (batch.length === 0) return;
      pending = read();
      yield batch;
    }
  } finally {
    // Stopped early: the read under way is not wanted, nor is its failure.
    pending.catch(() => undefined);
  }
}
