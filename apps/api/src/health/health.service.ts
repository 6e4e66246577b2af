import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { describePoison, ProjectionProgress, type PoisonEvent, type ProjectionStatus } from '@accord/projections';
import { ReactionProgress, type ReactionStatus } from '@accord/platform';
import { ACCORD_CONFIG, type AccordConfig } from '../config/accord-config';
import { EVENT_STORE } from '../store/tokens';

interface Serving {
  store: string;
  headPosition: number;
  projections: ProjectionStatus[];
  processManagers: ReactionStatus[];
}

/**
 * `ok`: serving, nothing to report. `degraded`: serving, but projections passed over poison events
 * (their read models lack those events' effects until a fixed handler is rebuilt); still 200, because
 * every request is answered and restarting would not help. `unavailable` (503): cannot serve.
 */
export type HealthReport =
  | ({ status: 'ok' } & Serving)
  | ({ status: 'degraded'; warnings: string[]; poisonEvents: PoisonEvent[] } & Serving)
  | { status: 'unavailable'; reasons: string[]; poisonEvents?: PoisonEvent[] };

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
    const poisonEvents = this.runner.poisonEvents();
    const poison = poisonEvents.length > 0 ? { poisonEvents } : {};
    if (reasons.length > 0) return { status: 'unavailable', reasons, ...poison };
    const serving: Serving = { store: this.config.eventStore.location.kind, headPosition, projections: this.runner.status(), processManagers: this.reactions.status() };
    if (poisonEvents.length === 0) return { status: 'ok', ...serving };
    return { status: 'degraded', ...serving, warnings: poisonEvents.map(describePoison), poisonEvents };
  }
}
