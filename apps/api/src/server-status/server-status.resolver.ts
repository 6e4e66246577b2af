import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { EventStore } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import { LIVE_HUB, storeFeed, type LiveHub } from '@accord/platform';
import { EVENT_STORE } from '../store/tokens';
import type { ProjectionStateModel } from './projection-status.model';
import { ServerStatus } from './server-status.model';

@Resolver(() => ServerStatus)
export class ServerStatusResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionProgress) private readonly runner: ProjectionProgress,
    @Inject(LIVE_HUB) private readonly live: LiveHub,
  ) {}

  @Query(() => ServerStatus)
  async serverStatus(): Promise<ServerStatus> {
    const projections = this.runner.status().map(({ name, state, checkpoint }) => ({ name, state: state as ProjectionStateModel, checkpoint }));
    return { headPosition: await this.store.headPosition(), projections };
  }

  @Subscription(() => Int, { description: 'The global position of every event appended after `afterPosition` (default: the head now).' })
  async globalPosition(
    @Args('afterPosition', { type: () => Int, nullable: true }) afterPosition?: number | null,
  ): Promise<AsyncIterableIterator<{ globalPosition: number }>> {
    const after = afterPosition ?? (await this.store.headPosition());
    return storeFeed(this.live.subscribe({ after }), async (event) => ({ globalPosition: event.position }));
  }
}
