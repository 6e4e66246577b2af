import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { describePoison, ProjectionRunner, type PoisonEvent, type ProjectionStatus } from '@accord/projections';
import { EVENT_STORE, ReactionRunner, type ReactionStatus } from '@accord/platform';
import { ProjectorHost, type ProjectorState } from '../../api/src/store/projector-host';

interface Working {
  role: 'projector';
  state: ProjectorState;
  holder: string;
  headPosition: number;
  projections: ProjectionStatus[];
  processManagers: ReactionStatus[];
}

export type ProjectorHealth =
  | ({ status: 'ok' } & Working)
  | ({ status: 'degraded'; warnings: string[]; poisonEvents: PoisonEvent[] } & Working)
  | { status: 'unavailable'; role: 'projector'; state: ProjectorState; reasons: string[] };

/**
 * 200 while this projector works: holding the lease with healthy projections, or standing by for it
 * (a hot standby is healthy); `degraded` when its projections passed over poison events. 503 with
 * the reasons otherwise.
 */
@Controller('health')
export class ProjectorHealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectorHost) private readonly host: ProjectorHost,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(ReactionRunner) private readonly reactions: ReactionRunner,
  ) {}

  @Get()
  async check(): Promise<ProjectorHealth> {
    const reasons: string[] = [];
    let headPosition = 0;
    try {
      headPosition = await this.store.headPosition();
    } catch (error) {
      reasons.push(`event store: ${(error as Error).message}`);
    }
    const state = this.host.state;
    if (state === 'active') reasons.push(...this.projections.health().reasons, ...this.reactions.health().reasons);
    else if (state !== 'standby') reasons.push(`projector ${state}`);
    if (reasons.length > 0) throw new ServiceUnavailableException({ status: 'unavailable', role: 'projector', state, reasons });
    const working: Working = {
      role: 'projector',
      state,
      holder: this.host.holder,
      headPosition,
      projections: this.projections.status(),
      processManagers: this.reactions.status(),
    };
    const poisonEvents = state === 'active' ? this.projections.poisonEvents() : [];
    if (poisonEvents.length === 0) return { status: 'ok', ...working };
    return { status: 'degraded', ...working, warnings: poisonEvents.map(describePoison), poisonEvents };
  }
}
