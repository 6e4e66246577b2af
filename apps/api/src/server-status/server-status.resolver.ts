import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { EventStore } from '@accord/event-store';
import { ProjectionRunner } from '@accord/projections';
import { storeFeed } from '@accord/platform';
import { EVENT_STORE } from '../store/tokens';
import type { ProjectionStateModel } from './projection-status.model';
import { ServerStatus } from './server-status.model';

@Resolver(() => ServerStatus)
export class ServerStatusResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
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
    return storeFeed(this.store.subscribeToAll({ after }), async (event) => ({ globalPosition: event.position }));
  }
}
