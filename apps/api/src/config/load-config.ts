import { createHash } from 'node:crypto';
import { defaultDashboardDir } from '../dashboard/dashboard-files';
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
/** Production defaults: a person, or a script acting for one, stays far below these; a flood does not. */
export const DEFAULT_MUTATIONS_PER_MINUTE_PER_TOKEN = 60;
/** Higher than per token: a firm's office may reach the API from one address. */
export const DEFAULT_MUTATIONS_PER_MINUTE_PER_IP = 300;
export const DEFAULT_SIGNUPS_PER_HOUR_PER_IP = 10;
export const MIN_OPERATOR_TOKEN_LENGTH = 32;
/**
 * Request limits: about ten times what the deepest, costliest, longest query of the tests, the demo
 * and the benchmarks needs (depth 6, cost 626, 101 tokens, 2 aliases); depth 12 fits `Decision.why`
 * through three `supersedes`. Texts are at most 2,000 characters each, so real bodies stay in the tens of KB.
 */
export const DEFAULT_MAX_DEPTH = 12;
export const DEFAULT_MAX_COST = 5000;
export const DEFAULT_MAX_ALIASES = 20;
export const DEFAULT_MAX_TOKENS = 1000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Every rate limit off: for test servers, benchmarks and the demo, which send many mutations from one address. */
export const RATE_LIMITS_OFF: Environment = {
  ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN: '0',
  ACCORD_MUTATIONS_PER_MINUTE_PER_IP: '0',
  ACCORD_SIGNUPS_PER_HOUR_PER_IP: '0',
};

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
    operatorToken: parseOperatorToken(setting(env, 'ACCORD_OPERATOR_TOKEN')),
    rateLimits: {
      mutationsPerMinutePerToken: parseLimit(env, 'ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN', DEFAULT_MUTATIONS_PER_MINUTE_PER_TOKEN),
      mutationsPerMinutePerIp: parseLimit(env, 'ACCORD_MUTATIONS_PER_MINUTE_PER_IP', DEFAULT_MUTATIONS_PER_MINUTE_PER_IP),
      signupsPerHourPerIp: parseLimit(env, 'ACCORD_SIGNUPS_PER_HOUR_PER_IP', DEFAULT_SIGNUPS_PER_HOUR_PER_IP),
    },
    trustProxyHops: parseTrustProxy(setting(env, 'ACCORD_TRUST_PROXY')),
    production: setting(env, 'NODE_ENV') === 'production',
    requestLimits: {
      maxDepth: parseCount(env, 'ACCORD_MAX_DEPTH', DEFAULT_MAX_DEPTH),
      maxCost: parseCount(env, 'ACCORD_MAX_COST', DEFAULT_MAX_COST),
      maxAliases: parseCount(env, 'ACCORD_MAX_ALIASES', DEFAULT_MAX_ALIASES),
      maxTokens: parseCount(env, 'ACCORD_MAX_TOKENS', DEFAULT_MAX_TOKENS),
      maxBodyBytes: parseCount(env, 'ACCORD_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
      httpBatching: parseBoolean('ACCORD_HTTP_BATCHING', setting(env, 'ACCORD_HTTP_BATCHING'), false),
    },
    dashboardDir: setting(env, 'ACCORD_DASHBOARD_DIR') ?? defaultDashboardDir(),
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

/** A whole number of requests per window; 0 turns the limit off. */
function parseLimit(env: Environment, variable: string, fallback: number): number {
  const value = setting(env, variable);
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit > 1_000_000) {
    throw new ConfigError(variable, `${variable}: "${value}" is not a whole number from 0 (no limit) to 1000000`);
  }
  return limit;
}

function parseOperatorToken(value: string | undefined): string | undefined {
  if (value === undefined || value.length >= MIN_OPERATOR_TOKEN_LENGTH) return value;
  // The value itself is a secret: say how long it is, never what it is.
  throw new ConfigError('ACCORD_OPERATOR_TOKEN', `ACCORD_OPERATOR_TOKEN: ${value.length} characters is too short to resist guessing; use at least ${MIN_OPERATOR_TOKEN_LENGTH} (e.g. \`openssl rand -hex 32\`)`);
}

function parseTrustProxy(value: string | undefined): number {
  if (value === undefined) return 0;
  const hops = Number(value);
  if (!/^\d+$/.test(value) || hops > 10) {
    throw new ConfigError('ACCORD_TRUST_PROXY', `ACCORD_TRUST_PROXY: "${value}" is not a number of reverse proxies from 0 (take the socket's address) to 10`);
  }
  return hops;
}

/** A request limit: a whole number from 1 (0 would refuse everything; a limit is never off). */
function parseCount(env: Environment, variable: string, fallback: number): number {
  const value = setting(env, variable);
  if (value === undefined) return fallback;
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > 1_000_000_000) {
    throw new ConfigError(variable, `${variable}: "${value}" is not a whole number from 1 to 1000000000`);
  }
  return count;
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
