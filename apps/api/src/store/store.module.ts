import { Global, Module } from '@nestjs/common';
import { CheckpointWatcher, ProjectionProgress, ProjectionRunner } from '@accord/projections';
import { ReactionProgress, ReactionRunner } from '@accord/platform';
import { ProjectorHost } from './projector-host';
import { StoreLifecycle } from './store-lifecycle';
import { storeProviders } from './store.providers';
import { EVENT_STORE, PROCESS_MANAGERS, PROJECTIONS, READ_STORE } from './tokens';

/** The event store, the read store and the projection runner, opened at start and closed on shutdown. */
@Global()
@Module({
  providers: [...storeProviders, StoreLifecycle],
  exports: [EVENT_STORE, READ_STORE, PROJECTIONS, PROCESS_MANAGERS, ProjectionRunner, ReactionRunner, ProjectionProgress, ReactionProgress, CheckpointWatcher, ProjectorHost],
})
export class StoreModule {}
