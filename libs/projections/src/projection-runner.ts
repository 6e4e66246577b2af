import type { EventStore } from '@accord/event-store';
import { CHECKPOINTS_SCHEMA } from './checkpoints';
import { ProjectionLagError } from './projection-errors';
import { ProjectionWorker, type Logger } from './projection-worker';
import type { ProjectionProgress } from './progress';
import type { Projection, ProjectionStatus, ReadStore, ReadTx, RebuildProgress } from './types';

export interface ProjectionRunnerOptions {
  /** Events per transaction while running. */
  batchSize?: number;
  /** Events per transaction during a rebuild. */
  rebuildBatchSize?: number;
  logger?: Logger;
  retry?: { initialMs: number; maxMs: number };
  /** Runs first in every batch transaction (see ProjectorLease.fence). */
  fence?: (tx: ReadTx) => Promise<void>;
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
  private started = false;
  private initialised?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.rebuildBatchSize = options.rebuildBatchSize ?? 5000;
    const settings = {
      store,
      readStore,
      logger: options.logger ?? consoleLogger,
      batchSize: options.batchSize ?? 500,
      retry: options.retry ?? { initialMs: 100, maxMs: 30_000 },
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

  /** Healthy when started and no projection is failing or rebuilding. */
  health(): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    if (!this.started) reasons.push('projections are not running');
    for (const { name, state, checkpoint, error } of this.status()) {
      if (error) reasons.push(`projection ${name} failing at position ${error.position} (${error.eventType}): ${error.message}`);
      else if (state === 'rebuilding' || (this.started && state === 'stopped')) reasons.push(`projection ${name} ${state} at position ${checkpoint}`);
    }
    return { ok: reasons.length === 0, reasons };
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
   * Empties and replays the named projections (default: all) from position 0, reporting progress
   * after every batch. Works whether or not the runner is started.
   */
  async rebuild(names?: readonly string[], onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    await this.init();
    const selected = (names ?? [...this.workers.keys()]).map((name) => {
      const worker = this.workers.get(name);
      if (!worker) throw new Error(`no projection named ${name}; known: ${[...this.workers.keys()].join(', ')}`);
      return worker;
    });
    for (const worker of selected) {
      const startedAt = Date.now();
      await worker.rebuild((position, applied, head) => {
        const seconds = (Date.now() - startedAt) / 1000;
        const rate = seconds > 0 ? applied / seconds : 0;
        onProgress?.({
          projection: worker.name,
          position,
          head,
          eventsApplied: applied,
          eventsPerSecond: Math.round(rate),
          etaSeconds: rate > 0 ? (head - position) / rate : null,
        });
      }, this.rebuildBatchSize);
    }
  }

  private init(): Promise<void> {
    this.initialised ??= (async () => {
      if (!this.readStore.managedSchema) await this.readStore.transaction((tx) => tx.run(CHECKPOINTS_SCHEMA));
      for (const worker of this.workers.values()) await worker.init();
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
