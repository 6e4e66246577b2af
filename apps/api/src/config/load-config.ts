import { ConfigError, parseEventStoreUrl, parseSynchronous } from '@accord/event-store';
import type { AccordConfig } from './accord-config';

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_PORT = 4000;
export const DEFAULT_EVENT_STORE = 'sqlite:./data/accord.db';
export const DEFAULT_OVERDUE_SCAN_SECONDS = 3600;

/**
 * Reads the server's settings from `env` without touching anything else. Throws
 * {@link ConfigError} (or the event store's `EventStoreConfigError`) naming the variable at fault.
 */
export function loadConfig(env: Environment): AccordConfig {
  const eventStoreUrl = setting(env, 'ACCORD_EVENT_STORE') ?? DEFAULT_EVENT_STORE;
  return {
    port: parsePort(setting(env, 'PORT')),
    eventStore: {
      url: eventStoreUrl,
      location: parseEventStoreUrl(eventStoreUrl, 'ACCORD_EVENT_STORE'),
      synchronous: parseSynchronous(setting(env, 'ACCORD_SQLITE_SYNCHRONOUS'), 'ACCORD_SQLITE_SYNCHRONOUS'),
    },
    readStore: parseReadStore(setting(env, 'ACCORD_READ_STORE')),
    redisUrl: parseRedisUrl(setting(env, 'REDIS_URL')),
    openSignup: parseBoolean('ACCORD_OPEN_SIGNUP', setting(env, 'ACCORD_OPEN_SIGNUP'), true),
    overdueScanSeconds: parseSeconds('ACCORD_OVERDUE_SCAN_SECONDS', setting(env, 'ACCORD_OVERDUE_SCAN_SECONDS'), DEFAULT_OVERDUE_SCAN_SECONDS),
  };
}

function parseSeconds(variable: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 31_536_000) {
    throw new ConfigError(variable, `${variable}: "${value}" is not a whole number of seconds from 1 to 31536000`);
  }
  return seconds;
}

/** An empty variable counts as unset, as compose files often pass `VAR=` through. */
function setting(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError('PORT', `PORT: "${value}" is not a port number (0-65535)`);
  return port;
}

function parseReadStore(value: string | undefined): AccordConfig['readStore'] {
  if (value === undefined) return { kind: 'event-store' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  throw new ConfigError(
    'ACCORD_READ_STORE',
    `ACCORD_READ_STORE: a separate read store${scheme ? ` (${scheme}:)` : ''} is not available yet; leave it unset to keep read models in the event store's SQLite file`,
  );
}

function parseRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined || /^rediss?:\/\//.test(value)) return value;
  throw new ConfigError('REDIS_URL', 'REDIS_URL: expected redis://… or rediss://…');
}

function parseBoolean(variable: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ConfigError(variable, `${variable}: "${value}" is neither true nor false`);
}
