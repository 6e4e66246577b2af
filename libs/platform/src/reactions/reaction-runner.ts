import type { EventStore, RecordedEvent, Subscription } from '@accord/event-store';
import { readCheckpoint, CHECKPOINTS_SCHEMA, ProjectionLagError, type Logger, type ReadStore, type ReadTx } from '@accord/projections';
import type { ProcessManager } from './process-manager';

export interface ReactionStatus {
  name: string;
  position: number;
  failing?: { position: number; eventType: string; message: string; attempts: number };
}

/** How far the process managers are: run here (`ReactionRunner`) or by a separate projector (`CheckpointWatcher.reactions`). */
export abstract class ReactionProgress {
  /** Resolves once every process manager has handled the log up to `position`. */
  abstract waitFor(position: number, timeoutMs?: number): Promise<void>;
  abstract status(): ReactionStatus[];
  abstract health(): { ok: boolean; reasons: string[] };
}

/** Passed-over events move the stored checkpoint at most this often, so a separate API instance sees progress. */
const SAVE_PASSED_OVER_MS = 20;

interface Waiter {
  position: number;
  resolve: () => void;
}

/**
 * Runs each process manager over the global log from its checkpoint (kept beside the projection
 * checkpoints as `reaction:<name>`). The checkpoint is saved after each reaction, so a crash in
 * between re-runs one reaction, which its deterministic event ids make harmless. A failing reaction
 * is retried with backoff and holds back only its own manager.
 */
export class ReactionRunner implements ReactionProgress {
  private readonly positions = new Map<string, number>();
  private readonly failures = new Map<string, NonNullable<ReactionStatus['failing']>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly pendingSaves = new Map<string, NodeJS.Timeout>();
  private stopped = false;
  private started = false;

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly managers: readonly ProcessManager[],
    private readonly logger: Logger,
    private readonly retry = { initialMs: 100, maxMs: 30_000 },
  ) {}

  async start(): Promise<void> {
    this.started = true;
    this.stopped = false;
    if (!this.readStore.managedSchema) await this.readStore.transaction((tx) => tx.run(CHECKPOINTS_SCHEMA), 'reaction checkpoints');
    for (const manager of this.managers) {
      const after = await this.readStore.transaction((tx) => readCheckpoint(tx, key(manager)), 'reaction checkpoint');
      this.positions.set(manager.name, after);
      const subscription = this.store.subscribeToAll({ after });
      this.subscriptions.push(subscription);
      this.loops.push(this.run(manager, subscription));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const subscription of this.subscriptions) subscription.close();
    await Promise.allSettled(this.loops);
    for (const manager of this.managers) {
      if (this.pendingSaves.has(manager.name)) await this.savePassedOver(manager);
    }
  }

  status(): ReactionStatus[] {
    return this.managers.map((m) => ({ name: m.name, position: this.positions.get(m.name) ?? 0, failing: this.failures.get(m.name) }));
  }

  /** Unhealthy before start and while a reaction fails (named with its event's position). */
  health(): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    if (!this.started || this.stopped) reasons.push('process managers are not running');
    for (const [name, f] of this.failures) {
      reasons.push(`process manager ${name} failing at position ${f.position} (${f.eventType}), attempt ${f.attempts}: ${f.message}`);
    }
    return { ok: reasons.length === 0, reasons };
  }

  /** Resolves once every process manager has handled the log up to `position` (its reactions are appended). */
  waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    if (this.reached(position)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProjectionLagError(position, [`process managers at ${this.slowest()}`]));
      }, timeoutMs);
      const waiter: Waiter = { position, resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.add(waiter);
    });
  }

  private async run(manager: ProcessManager, subscription: Subscription): Promise<void> {
    const handles = new Set(manager.handles);
    for await (const event of subscription) {
      if (handles.has(event.type)) {
        if (!(await this.reactUntilDone(manager, event))) return;
        await this.readStore.transaction((tx) => saveCheckpoint(tx, key(manager), event.position), 'reaction checkpoint');
      } else if (!this.pendingSaves.has(manager.name)) {
        this.pendingSaves.set(manager.name, setTimeout(() => void this.savePassedOver(manager), SAVE_PASSED_OVER_MS));
      }
      this.positions.set(manager.name, event.position);
      this.release();
    }
  }

  /** Records the position reached over events the manager does not handle (no reaction depends on it). */
  private async savePassedOver(manager: ProcessManager): Promise<void> {
    clearTimeout(this.pendingSaves.get(manager.name));
    this.pendingSaves.delete(manager.name);
    const position = this.positions.get(manager.name) ?? 0;
    try {
      await this.readStore.transaction((tx) => saveCheckpoint(tx, key(manager), position), 'reaction checkpoint');
    } catch (error) {
      this.logger.warn(`reaction ${manager.name}: could not save checkpoint ${position}: ${(error as Error).message}`);
    }
  }

  /** False when stopped while retrying. */
  private async reactUntilDone(manager: ProcessManager, event: RecordedEvent): Promise<boolean> {
    let delay = this.retry.initialMs;
    for (let attempts = 1; !this.stopped; attempts++) {
      try {
        await manager.react(event);
        this.failures.delete(manager.name);
        return true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.failures.set(manager.name, { position: event.position, eventType: event.type, message, attempts });
        this.logger.error(`reaction ${manager.name} failed at position ${event.position} (${event.type}), attempt ${attempts}: ${message}`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.retry.maxMs);
      }
    }
    return false;
  }

  private slowest(): number {
    return Math.min(...this.managers.map((m) => this.positions.get(m.name) ?? 0));
  }

  private reached(position: number): boolean {
    return this.managers.length === 0 || this.slowest() >= position;
  }

  private release(): void {
    for (const waiter of this.waiters) {
      if (this.reached(waiter.position)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

const key = (manager: ProcessManager) => `reaction:${manager.name}`;

/** Never backwards: a delayed save of passed-over events may commit after a newer one. */
function saveCheckpoint(tx: ReadTx, name: string, position: number): Promise<{ changes: number }> {
  return tx.run('UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position < ?', [position, name, position]);
}
