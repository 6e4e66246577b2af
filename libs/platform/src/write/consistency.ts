import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import { ReactionProgress } from '../reactions/reaction-runner';
import { EVENT_STORE } from '../tokens';

/**
 * Read-your-writes for a mutation: its own events are projected, the process managers have
 * reacted to them, and what they appended is projected too. So `submitAnswer` with the last
 * answer returns a revealed check.
 */
@Injectable()
export class Consistency {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionProgress) private readonly projections: ProjectionProgress,
    @Inject(ReactionProgress) private readonly reactions: ReactionProgress,
  ) {}

  async settle(position: number | null): Promise<void> {
    if (position === null) return;
    await this.projections.waitFor(position);
    await this.reactions.waitFor(position);
    const head = await this.store.headPosition();
    if (head > position) await this.projections.waitFor(head);
  }
}
