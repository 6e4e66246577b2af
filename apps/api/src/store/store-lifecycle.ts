import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { CheckpointWatcher, type ReadStore } from '@accord/projections';
import { ACCORD_CONFIG, runsProjections, type AccordConfig } from '../config/accord-config';
import { ProjectorHost } from './projector-host';
import { EVENT_STORE, READ_STORE } from './tokens';

/**
 * Starts the projections and process managers (under the projector lease) before the server listens,
 * or, beside a separate projector, starts watching its checkpoints. Closes everything after the HTTP
 * server has stopped (Nest's shutdown hook runs last), so no request meets a closed store.
 */
@Injectable()
export class StoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ACCORD_CONFIG) private readonly config: AccordConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(ProjectorHost) private readonly host: ProjectorHost,
    @Inject(CheckpointWatcher) private readonly watcher: CheckpointWatcher,
  ) {}

  async onModuleInit(): Promise<void> {
    if (runsProjections(this.config)) await this.host.start();
    else await this.watcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
    await this.watcher.stop();
    await this.readStore.close();
    await this.store.close();
  }
}
