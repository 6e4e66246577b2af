import type { PoisonEvent } from './poison';
import type { ProjectionStatus } from './types';

/**
 * How far the projections are, from whoever runs them: this process (`ProjectionRunner`) or a
 * separate projector whose checkpoints this process reads (`CheckpointWatcher`). An abstract class,
 * so Nest can inject it by type.
 */
export abstract class ProjectionProgress {
  /** Resolves once the named projections (default: all) have applied `position`; rejects with ProjectionLagError after `timeoutMs`. */
  abstract waitFor(position: number, options?: { timeoutMs?: number; projections?: readonly string[] }): Promise<void>;
  abstract status(): ProjectionStatus[];
  abstract health(): { ok: boolean; reasons: string[] };
  /** Events the projections passed over after their handlers kept failing, in log order. */
  abstract poisonEvents(): PoisonEvent[];
}
