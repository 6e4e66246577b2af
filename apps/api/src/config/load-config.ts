import { createHash } from 'node:crypto';
import { ConfigError, parseEventStoreUrl, parseSynchronous, redact } from '@accord/event-store';
import type { AccordConfig } from './accord-config';

export type Environment = Readonly<Record<string, string | undefined>>;

export const DEFAULT_PORT = 4000;
/** The projector serves only /health, by default here. */
export const DEFAULT_PROJECTOR_PORT = 4001;
export const DEFAULT_EVENT_STORE = 'sqlite:./data/accord.db';
export const DEFAULT_OVERDUE_SCAN_SECONDS = 3600;
export const DEFAULT_PROJECTOR_LEASE_SECONDS = 15;
export const DEFAULT_IDEMPOTENCY_TTL_HOURS = 24;
export const DEFAULT_PROJECTION_MAX_ATTEMPTS = 5;

/**
 * Reads the server's settings from `env` without touching anything else. Throws
 * {@link ConfigError} (or the event store's `EventStoreConfigError`) naming the variable at fault.
 */
export function loadConfig(env: Environment, role: AccordConfig['role'] = 'api'): AccordConfig {
  const eventStoreUrl = setting(env, 'ACCORD_EVENT_STORE') ?? DEFAULT_EVENT_STORE;
  const location = parseEventStoreUrl(eventStoreUrl, 'ACCORD_EVENT_STORE');
  const readStore = parseReadStore(setting(env, 'ACCORD_READ_STORE'));
  if (readStore.kind === 'event-store' && location.kind !== 'sqlite') {
    throw new ConfigError('ACCORD_READ_STORE', `ACCORD_READ_STORE: set it to postgres://… when ACCORD_EVENT_STORE is a ${location.kind} store; only a sqlite: event store keeps read models in its own file`);
  }
  return {
    role,
    port: parsePort(setting(env, 'PORT'), role === 'projector' ? DEFAULT_PROJECTOR_PORT : DEFAULT_PORT),
    eventStore: {
      url: eventStoreUrl,
      location,
      synchronous: parseSynchronous(setting(env, 'ACCORD_SQLITE_SYNCHRONOUS'), 'ACCORD_SQLITE_SYNCHRONOUS'),
    },
    readStore,
    redisUrl: parseRedisUrl(setting(env, 'REDIS_URL')),
    liveChannel: setting(env, 'ACCORD_LIVE_CHANNEL') ?? defaultLiveChannel(eventStoreUrl),
    projector: parseProjector(setting(env, 'ACCORD_PROJECTOR')),
    projectorLeaseSeconds: parseSeconds('ACCORD_PROJECTOR_LEASE_SECONDS', setting(env, 'ACCORD_PROJECTOR_LEASE_SECONDS'), DEFAULT_PROJECTOR_LEASE_SECONDS),
    openSignup: parseBoolean('ACCORD_OPEN_SIGNUP', setting(env, 'ACCORD_OPEN_SIGNUP'), true),
    overdueScanSeconds: parseSeconds('ACCORD_OVERDUE_SCAN_SECONDS', setting(env, 'ACCORD_OVERDUE_SCAN_SECONDS'), DEFAULT_OVERDUE_SCAN_SECONDS),
    idempotencyTtlHours: parseHours('ACCORD_IDEMPOTENCY_TTL_HOURS', setting(env, 'ACCORD_IDEMPOTENCY_TTL_HOURS'), DEFAULT_IDEMPOTENCY_TTL_HOURS),
    projectionMaxAttempts: parseAttempts(setting(env, 'ACCORD_PROJECTION_MAX_ATTEMPTS')),
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

function parseAttempts(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PROJECTION_MAX_ATTEMPTS;
  const attempts = Number(value);
  if (!/^\d+$/.test(value) || attempts < 1 || attempts > 1000) {
    throw new ConfigError('ACCORD_PROJECTION_MAX_ATTEMPTS', `ACCORD_PROJECTION_MAX_ATTEMPTS: "${value}" is not a whole number of attempts from 1 to 1000`);
  }
  return attempts;
}

function parseHours(variable: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const hours = Number(value);
  if (!/^\d+$/.test(value) || hours < 1 || hours > 8_760) {
    throw new ConfigError(variable, `${variable}: "${value}" is not a whole number of hours from 1 to 8760`);
  }
  return hours;
}

/** An empty variable counts as unset, as compose files often pass `VAR=` through. */
function setting(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError('PORT', `PORT: "${value}" is not a port number (0-65535)`);
  return port;
}

function parseReadStore(value: string | undefined): AccordConfig['readStore'] {
  if (value === undefined) return { kind: 'event-store' };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  throw new ConfigError(
    'ACCORD_READ_STORE',
    `ACCORD_READ_STORE: ${scheme ? `"${scheme}:" is not a read store` : 'not a URL'}; use postgres://…, or leave it unset to keep read models in the event store's SQLite file`,
  );
}

function parseProjector(value: string | undefined): AccordConfig['projector'] {
  if (value === undefined) return 'internal';
  const lower = value.toLowerCase();
  if (lower === 'internal' || lower === 'external') return lower;
  throw new ConfigError('ACCORD_PROJECTOR', `ACCORD_PROJECTOR: "${value}" is neither internal nor external`);
}

/** Instances of one deployment name the same event store, so they meet on the same channel. */
function defaultLiveChannel(eventStoreUrl: string): string {
  return `accord:live:${createHash('sha256').update(redact(eventStoreUrl)).digest('hex').slice(0, 16)}`;
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
