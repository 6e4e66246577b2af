import { Global, Module } from '@nestjs/common';
import { ProjectionRunner } from '@accord/projections';
import { ReactionRunner } from '@accord/platform';
import { StoreLifecycle } from './store-lifecycle';
import { storeProviders } from './store.providers';
import { EVENT_STORE, PROCESS_MANAGERS, PROJECTIONS, READ_STORE } from './tokens';

/** The event store, the read store and the projection runner, opened at start and closed on shutdown. */
@Global()
@Module({
  providers: [...storeProviders, StoreLifecycle],
  exports: [EVENT_STORE, READ_STORE, PROJECTIONS, PROCESS_MANAGERS, ProjectionRunner, ReactionRunner],
})
export class StoreModule {}
