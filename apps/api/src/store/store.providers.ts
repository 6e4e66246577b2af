import { Logger, type Provider } from '@nestjs/common';
import { openEventStore, type EventStore } from '@accord/event-store';
import { CheckpointWatcher, ProjectionProgress, ProjectionRunner, ProjectorLease, type Projection, type ReadStore } from '@accord/projections';
import { LIVE_BUS, LivePublisher, ReactionProgress, ReactionRunner, type LiveBus, type ProcessManager } from '@accord/platform';
import { ACCORD_CONFIG, runsProjections, type AccordConfig } from '../config/accord-config';
import { openReadStore } from './open-read-store';
import { PROCESS_MANAGER_CLASSES, PROJECTION_CLASSES } from './projection-classes';
import { ProjectorHost, type LeasedService } from './projector-host';
import { EVENT_STORE, PROCESS_MANAGERS, PROJECTIONS, READ_STORE } from './tokens';

export const storeProviders: Provider[] = [
  {
    provide: EVENT_STORE,
    inject: [ACCORD_CONFIG],
    useFactory: (config: AccordConfig): Promise<EventStore> =>
      openEventStore(config.eventStore.url, { synchronous: config.eventStore.synchronous, variable: 'ACCORD_EVENT_STORE' }),
  },
  { provide: READ_STORE, inject: [ACCORD_CONFIG, EVENT_STORE], useFactory: openReadStore },
  {
    provide: ProjectorLease,
    inject: [ACCORD_CONFIG, READ_STORE],
    useFactory: (config: AccordConfig, readStore: ReadStore) => new ProjectorLease(readStore, { ttlMs: config.projectorLeaseSeconds * 1000 }),
  },
  ...PROJECTION_CLASSES,
  { provide: PROJECTIONS, inject: [...PROJECTION_CLASSES], useFactory: (...projections: Projection[]) => projections },
  {
    provide: ProjectionRunner,
    inject: [ACCORD_CONFIG, EVENT_STORE, READ_STORE, PROJECTIONS, ProjectorLease],
    useFactory: (config: AccordConfig, store: EventStore, readStore: ReadStore, projections: Projection[], lease: ProjectorLease) =>
      new ProjectionRunner(store, readStore, projections, { logger: new Logger('Projections'), fence: lease.fence, maxAttempts: config.projectionMaxAttempts }),
  },
  ...PROCESS_MANAGER_CLASSES,
  { provide: PROCESS_MANAGERS, inject: [...PROCESS_MANAGER_CLASSES], useFactory: (...managers: ProcessManager[]) => managers },
  {
    provide: ReactionRunner,
    inject: [EVENT_STORE, READ_STORE, PROCESS_MANAGERS],
    useFactory: (store: EventStore, readStore: ReadStore, managers: ProcessManager[]) =>
      new ReactionRunner(store, readStore, managers, new Logger('Reactions')),
  },
  {
    provide: CheckpointWatcher,
    inject: [EVENT_STORE, READ_STORE, PROJECTIONS],
    useFactory: (store: EventStore, readStore: ReadStore, projections: Projection[]) =>
      new CheckpointWatcher(store, readStore, projections.map((p) => p.name), { logger: new Logger('ProjectorCheckpoints') }),
  },
  // Where the projections run, progress is the runners' own; an API beside a separate projector reads its checkpoints.
  {
    provide: ProjectionProgress,
    inject: [ACCORD_CONFIG, ProjectionRunner, CheckpointWatcher],
    useFactory: (config: AccordConfig, runner: ProjectionRunner, watcher: CheckpointWatcher) => (runsProjections(config) ? runner : watcher.projections),
  },
  {
    provide: ReactionProgress,
    inject: [ACCORD_CONFIG, ReactionRunner, CheckpointWatcher],
    useFactory: (config: AccordConfig, runner: ReactionRunner, watcher: CheckpointWatcher) => (runsProjections(config) ? runner : watcher.reactions),
  },
  {
    provide: ProjectorHost,
    inject: [ACCORD_CONFIG, ProjectorLease, ProjectionRunner, ReactionRunner, EVENT_STORE, LIVE_BUS],
    useFactory: (config: AccordConfig, lease: ProjectorLease, runner: ProjectionRunner, reactions: ReactionRunner, store: EventStore, bus: LiveBus) => {
      // Through Redis the lease holder publishes for every instance; an in-process bus is fed by each instance itself (live.module).
      const services: LeasedService[] = config.redisUrl
        ? [new LivePublisher(store, bus, (position) => runner.waitFor(position), { logger: new Logger('LivePublisher') })]
        : [];
      return new ProjectorHost(lease, runner, reactions, services, {
        whenTaken: config.role === 'projector' ? 'standby' : 'fail',
        logger: new Logger('Projector'),
      });
    },
  },
];
