import { SqliteEventStore, type EventStore } from '@accord/event-store';
import { SqliteReadStore, type ReadStore } from '@accord/projections';
import type { AccordConfig } from '../config/accord-config';
import { ConfigError } from '@accord/event-store';

/** The read store `ACCORD_READ_STORE` asks for; by default the event store's own SQLite connection. */
export function openReadStore(config: AccordConfig, eventStore: EventStore): ReadStore {
  switch (config.readStore.kind) {
    case 'event-store':
      if (eventStore instanceof SqliteEventStore) return new SqliteReadStore(eventStore.connection);
      throw new ConfigError('ACCORD_READ_STORE', `ACCORD_READ_STORE: must be set when ACCORD_EVENT_STORE is not a sqlite: store`);
    default: {
      const unreachable: never = config.readStore.kind;
      throw new Error(`unhandled read store ${String(unreachable)}`);
    }
  }
}
