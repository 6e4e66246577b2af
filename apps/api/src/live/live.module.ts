import { Global, Logger, Module } from '@nestjs/common';
import type { EventStore } from '@accord/event-store';
import { ProjectionProgress } from '@accord/projections';
import { EVENT_STORE, InProcessLiveBus, LIVE_BUS, LIVE_HUB, LiveHub, LivePublisher, RedisLiveBus, type LiveBus } from '@accord/platform';
import { ACCORD_CONFIG, type AccordConfig } from '../config/accord-config';
import { LiveLifecycle } from './live-lifecycle';
import { SignedInSockets } from './signed-in-sockets';

/**
 * Live events for GraphQL subscriptions: the publisher follows the log and puts what is projected on the
 * bus (Redis when REDIS_URL is set, else in-process); this instance's hub feeds its subscribers from it.
 * Sockets signed in with a token are closed once the token no longer signs anyone in.
 */
@Global()
@Module({
  providers: [
    {
      provide: LIVE_BUS,
      inject: [ACCORD_CONFIG],
      useFactory: (config: AccordConfig): LiveBus | Promise<LiveBus> =>
        config.redisUrl ? RedisLiveBus.open(config.redisUrl, { channel: config.liveChannel, logger: new Logger('LiveBus') }) : new InProcessLiveBus(),
    },
    {
      provide: LIVE_HUB,
      inject: [EVENT_STORE, LIVE_BUS],
      useFactory: (store: EventStore, bus: LiveBus) => new LiveHub(store, bus, { logger: new Logger('LiveHub') }),
    },
    // On an in-process bus each instance publishes to its own hub, once events are projected (here or by
    // a separate projector). Through Redis only the projector lease holder publishes (store.providers).
    {
      provide: LivePublisher,
      inject: [ACCORD_CONFIG, EVENT_STORE, LIVE_BUS, ProjectionProgress],
      useFactory: (config: AccordConfig, store: EventStore, bus: LiveBus, projections: ProjectionProgress) =>
        config.redisUrl || config.role === 'projector' ? null : new LivePublisher(store, bus, (position) => projections.waitFor(position), { logger: new Logger('LivePublisher') }),
    },
    LiveLifecycle,
    SignedInSockets,
  ],
  exports: [LIVE_BUS, LIVE_HUB, SignedInSockets],
})
export class LiveModule {}
