import type { EventStore } from '@accord/event-store';
import { readPoison, type PoisonEvent } from './poison';
import { ProjectionLagError } from './projection-errors';
import type { Logger } from './projection-worker';
import type { ProjectionProgress } from './progress';
import type { ProjectionStatus, ReadStore } from './types';

interface Waiter {
  position: number;
  names: readonly string[];
  resolve: () => void;
}

export interface CheckpointWatcherOptions {
  /** Poll interval while someone waits. Default 25 ms. */
  busyPollMs?: number;
  /** Poll interval otherwise (for status and health). Default 1 s. */
  idlePollMs?: number;
  logger?: Logger;
}

/**
 * Progress of projections and process managers run by a separate projector (`ACCORD_PROJECTOR=external`):
 * reads their checkpoints (and the projections' poison events) from the read store, often while a mutation waits for its own writes and
 * seldom otherwise, so this API instance can still answer a mutation with what it wrote.
 */
export class CheckpointWatcher {
  private readonly checkpoints = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private head = 0;
  private poison: PoisonEvent[] = [];
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private readError?: string;
  private running = false;
  private readonly busyPollMs: number;
  private readonly idlePollMs: number;

  /** The projections' progress, as `ProjectionProgress`. */
  readonly projections: ProjectionProgress;
  /**
   * The process managers' progress, as platform's `ReactionProgress`: every `reaction:<name>` checkpoint
   * the projector has written (their names come from the table, so this needs no process manager instance).
   */
  readonly reactions: {
    waitFor(position: number, timeoutMs?: number): Promise<void>;
    status(): Array<{ name: string; position: number }>;
    health(): { ok: boolean; reasons: string[] };
  };

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    private readonly projectionNames: readonly string[],
    private readonly options: CheckpointWatcherOptions = {},
  ) {
    this.busyPollMs = options.busyPollMs ?? 25;
    this.idlePollMs = options.idlePollMs ?? 1000;
    this.projections = {
      waitFor: (position, opts = {}) => this.waitFor(position, opts.projections ?? projectionNames, opts.timeoutMs),
      status: () => this.projectionStatus(),
      health: () => this.health(),
      poisonEvents: () => this.poison.filter((event) => projectionNames.includes(event.projection)),
    };
    this.reactions = {
      waitFor: (position, timeoutMs) => this.waitFor(position, this.reactionKeys(), timeoutMs),
      status: () => this.reactionKeys().map((key) => ({ name: key.slice(REACTION.length), position: this.checkpoints.get(key) ?? 0 })),
      health: () => this.health(),
    };
  }

  async start(): Promise<void> {
    this.running = true;
    await this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** Reads the checkpoints now (e.g. when a live message says the projector has moved). */
  poke(): void {
    if (this.running && !this.polling) {
      clearTimeout(this.timer);
      void this.poll();
    }
  }

  private waitFor(position: number, names: readonly string[], timeoutMs = 10_000): Promise<void> {
    if (this.lagging(position, names).length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { position, names, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProjectionLagError(position, this.lagging(position, names)));
      }, timeoutMs);
      this.waiters.add(waiter);
      this.poke();
    });
  }

  private poll(): Promise<void> {
    this.polling = (async () => {
      try {
        const [rows, poison] = await this.readStore.read(async (tx) => [
          await tx.all<{ name: string; position: number }>('SELECT name, position FROM projection_checkpoints'),
          await readPoison(tx),
        ] as const);
        for (const { name, position } of rows) this.checkpoints.set(name, Number(position));
        this.poison = poison;
        this.head = await this.store.headPosition();
        if (this.readError) this.options.logger?.log('projector checkpoints readable again');
        this.readError = undefined;
      } catch (error) {
        if (!this.readError) this.options.logger?.error(`cannot read the projector's checkpoints: ${(error as Error).message}`);
        this.readError = (error as Error).message;
      }
      for (const waiter of this.waiters) {
        if (this.lagging(waiter.position, waiter.names).length === 0) {
          this.waiters.delete(waiter);
          waiter.resolve();
        }
      }
    })().finally(() => {
      this.polling = undefined;
      if (this.running) this.timer = setTimeout(() => void this.poll(), this.waiters.size > 0 ? this.busyPollMs : this.idlePollMs);
    });
    return this.polling;
  }

  private reactionKeys(): string[] {
    return [...this.checkpoints.keys()].filter((key) => key.startsWith(REACTION));
  }

  private lagging(position: number, names: readonly string[]): string[] {
    return names.filter((name) => (this.checkpoints.get(name) ?? 0) < position).map((name) => `${name} at ${this.checkpoints.get(name) ?? 0} (external projector)`);
  }

  private projectionStatus(): ProjectionStatus[] {
    return this.projectionNames.map((name) => {
      const checkpoint = this.checkpoints.get(name) ?? 0;
      return { name, checkpoint, state: checkpoint >= this.head ? 'live' : 'catching-up' };
    });
  }

  private health(): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    if (!this.running) reasons.push('not watching the projector');
    if (this.readError) reasons.push(`cannot read the projector's checkpoints: ${this.readError}`);
    return { ok: reasons.length === 0, reasons };
  }
}

const REACTION = 'reaction:';
