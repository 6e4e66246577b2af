import { EventStoreConfigError } from './errors';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import type { SqliteSynchronous } from './sqlite/sqlite-connection';
import type { EventStore } from './types';

export type EventStoreLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'esdb'; url: string };

const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

/**
 * Parses `ACCORD_EVENT_STORE`: `sqlite:<path>`, `sqlite::memory:`, `postgres://…`, `esdb://…`.
 * Throws {@link EventStoreConfigError} naming the variable for anything else.
 */
export function parseEventStoreUrl(value: string, variable = 'ACCORD_EVENT_STORE'): EventStoreLocation {
  const text = value.trim();
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) throw new EventStoreConfigError(variable, `${variable}: "sqlite:" needs a file path or ":memory:" (e.g. sqlite:./data/accord.db)`);
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgres', url: text };
  if (/^esdb(\+discover)?:\/\//.test(text)) return { kind: 'esdb', url: text };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  throw new EventStoreConfigError(
    variable,
    `${variable}: ${scheme ? `unknown scheme "${scheme}:"` : `"${text}" is not a store URL`}; use sqlite:<path>, sqlite::memory:, postgres://… or esdb://…`,
  );
}

/** Parses `ACCORD_SQLITE_SYNCHRONOUS` (default FULL). */
export function parseSynchronous(value: string | undefined, variable = 'ACCORD_SQLITE_SYNCHRONOUS'): SqliteSynchronous {
  if (value === undefined || value === '') return 'FULL';
  const upper = value.toUpperCase();
  if ((SYNCHRONOUS as readonly string[]).includes(upper)) return upper as SqliteSynchronous;
  throw new EventStoreConfigError(variable, `${variable}: "${value}" is not one of ${SYNCHRONOUS.join(', ')}`);
}

export interface OpenEventStoreOptions {
  synchronous?: SqliteSynchronous;
  variable?: string;
}

/** Opens the store a URL names; a server store is connected and its schema ensured before this resolves. */
export async function openEventStore(url: string, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  const variable = options.variable ?? 'ACCORD_EVENT_STORE';
  const location = parseEventStoreUrl(url, variable);
  switch (location.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ path: location.path, synchronous: options.synchronous, variable });
    case 'postgres':
      return PostgresEventStore.open(location.url, { variable });
    case 'esdb':
      return EsdbEventStore.open(location.url, { variable });
    default: {
      const unreachable: never = location;
      throw new Error(`unhandled store ${JSON.stringify(unreachable)}`);
    }
  }
}
