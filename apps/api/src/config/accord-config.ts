import type { EventStoreLocation, SqliteSynchronous } from '@accord/event-store';

/** The server's settings, read once from the environment by `loadConfig`. */
export interface AccordConfig {
  port: number;
  eventStore: {
    /** The `ACCORD_EVENT_STORE` URL as given. */
    url: string;
    location: EventStoreLocation;
    synchronous: SqliteSynchronous;
  };
  /** Only the default exists so far: read models in the event store's own SQLite connection. */
  readStore: { kind: 'event-store' };
  /** Accepted for the Redis subscription fan-out to come; nothing uses it yet. */
  redisUrl?: string;
  openSignup: boolean;
  /** Seconds between scans for firms whose alignment check is overdue (CHECK_OVERDUE drift). */
  overdueScanSeconds: number;
}

export const ACCORD_CONFIG = Symbol('ACCORD_CONFIG');
