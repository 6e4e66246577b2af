import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { ProjectionProgress, type ProjectionStatus } from '@accord/projections';
import { ReactionProgress, type ReactionStatus } from '@accord/platform';
import { ACCORD_CONFIG, type AccordConfig } from '../config/accord-config';
import { EVENT_STORE } from '../store/tokens';

export type HealthReport =
  | { status: 'ok'; store: string; headPosition: number; projections: ProjectionStatus[]; processManagers: ReactionStatus[] }
  | { status: 'unavailable'; reasons: string[] };

/** Whether the server can serve: the event store answers, every projection and process manager runs. */
@Injectable()
export class HealthService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionProgress) private readonly runner: ProjectionProgress,
    @Inject(ACCORD_CONFIG) private readonly config: Pick<AccordConfig, 'eventStore'>,
    @Inject(ReactionProgress) private readonly reactions: ReactionProgress,
  ) {}

  async check(): Promise<HealthReport> {
    const reasons: string[] = [];
    let headPosition = 0;
    try {
      headPosition = await this.store.headPosition();
    } catch (error) {
      reasons.push(`event store: ${(error as Error).message}`);
    }
    reasons.push(...this.runner.health().reasons, ...this.reactions.health().reasons);
    if (reasons.length > 0) return { status: 'unavailable', reasons };
    return { status: 'ok', store: this.config.eventStore.location.kind, headPosition, projections: this.runner.status(), processManagers: this.reactions.status() };
  }
}
