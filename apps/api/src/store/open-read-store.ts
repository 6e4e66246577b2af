import { Logger } from '@nestjs/common';
import { ConfigError, SqliteEventStore, redact, type EventStore } from '@accord/event-store';
import { migrateReadStore, PostgresReadStore, SqliteReadStore, type ReadStore } from '@accord/projections';
import type { AccordConfig } from '../config/accord-config';

/**
 * The read store `ACCORD_READ_STORE` asks for: by default the event store's own SQLite connection;
 * on PostgreSQL after its pending migrations have run (concurrent starts wait on the tool's lock).
 */
export async function openReadStore(config: AccordConfig, eventStore: EventStore): Promise<ReadStore> {
  const readStore = config.readStore;
  switch (readStore.kind) {
    case 'event-store':
      if (eventStore instanceof SqliteEventStore) return new SqliteReadStore(eventStore.connection);
      throw new ConfigError('ACCORD_READ_STORE', `ACCORD_READ_STORE: must be set when ACCORD_EVENT_STORE is not a sqlite: store`);
    case 'postgres': {
      const logger = new Logger('ReadStore');
      try {
        await migrateReadStore(readStore.url, { variable: 'ACCORD_READ_STORE', log: (message) => logger.log(message) });
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError('ACCORD_READ_STORE', `ACCORD_READ_STORE: cannot migrate PostgreSQL at ${redact(readStore.url)} (${oneLine(error)})`);
      }
      return PostgresReadStore.open(readStore.url, { variable: 'ACCORD_READ_STORE' });
    }
    default: {
      const unreachable: never = readStore;
      throw new Error(`unhandled read store ${JSON.stringify(unreachable)}`);
    }
  }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message || (error as NodeJS.ErrnoException).code || error.name : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
