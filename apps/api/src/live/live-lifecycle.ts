import { Inject, Injectable, Optional, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LIVE_BUS, LIVE_HUB, LivePublisher, type LiveBus, type LiveHub } from '@accord/platform';

/**
 * Starts the hub, then the publisher; stops them before the application shuts down, because the store
 * module closes the store in `onApplicationShutdown` and both read from it.
 */
@Injectable()
export class LiveLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(LIVE_HUB) private readonly hub: LiveHub,
    @Optional() @Inject(LivePublisher) private readonly publisher?: LivePublisher,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.hub.start();
    await this.publisher?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.publisher?.stop();
    await this.hub.stop();
    await this.bus.close();
  }
}
