import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { ProjectionRunner, type ReadStore } from '@accord/projections';
import { ReactionRunner } from '@accord/platform';
import { EVENT_STORE, READ_STORE } from './tokens';

/**
 * Starts the projections and process managers before the server listens, and closes everything after the HTTP server
 * has stopped (Nest's shutdown hook runs last), so no request meets a closed store.
 */
@Injectable()
export class StoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ReactionRunner) private readonly reactions: ReactionRunner,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.runner.start();
    await this.reactions.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reactions.stop();
    await this.runner.stop();
    await this.readStore.close();
    await this.store.close();
  }
}
