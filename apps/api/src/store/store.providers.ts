import { Logger, type Provider } from '@nestjs/common';
import { openEventStore, type EventStore } from '@accord/event-store';
import { ProjectionRunner, type Projection, type ReadStore } from '@accord/projections';
import { ReactionRunner, type ProcessManager } from '@accord/platform';
import { ACCORD_CONFIG, type AccordConfig } from '../config/accord-config';
import { openReadStore } from './open-read-store';
import { PROCESS_MANAGER_CLASSES, PROJECTION_CLASSES } from './projection-classes';
import { EVENT_STORE, PROCESS_MANAGERS, PROJECTIONS, READ_STORE } from './tokens';

export const storeProviders: Provider[] = [
  {
    provide: EVENT_STORE,
    inject: [ACCORD_CONFIG],
    useFactory: (config: AccordConfig): EventStore =>
      openEventStore(config.eventStore.url, { synchronous: config.eventStore.synchronous, variable: 'ACCORD_EVENT_STORE' }),
  },
  { provide: READ_STORE, inject: [ACCORD_CONFIG, EVENT_STORE], useFactory: openReadStore },
  ...PROJECTION_CLASSES,
  { provide: PROJECTIONS, inject: [...PROJECTION_CLASSES], useFactory: (...projections: Projection[]) => projections },
  {
    provide: ProjectionRunner,
    inject: [EVENT_STORE, READ_STORE, PROJECTIONS],
    useFactory: (store: EventStore, readStore: ReadStore, projections: Projection[]) =>
      new ProjectionRunner(store, readStore, projections, { logger: new Logger('Projections') }),
  },
  ...PROCESS_MANAGER_CLASSES,
  { provide: PROCESS_MANAGERS, inject: [...PROCESS_MANAGER_CLASSES], useFactory: (...managers: ProcessManager[]) => managers },
  {
    provide: ReactionRunner,
    inject: [EVENT_STORE, READ_STORE, PROCESS_MANAGERS],
    useFactory: (store: EventStore, readStore: ReadStore, managers: ProcessManager[]) =>
      new ReactionRunner(store, readStore, managers, new Logger('Reactions')),
  },
];
