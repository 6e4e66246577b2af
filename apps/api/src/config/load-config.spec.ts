import { join, resolve } from 'node:path';
import { ConfigError, EventStoreConfigError } from '@accord/event-store';
import { loadConfig, RATE_LIMITS_OFF, type Environment } from './load-config';

function variableAtFault(env: Environment): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EventStoreConfigError) {
      expect(error.message.startsWith(`${error.variable}: `)).toBe(true);
      return error.variable;
    }
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

const OPERATOR_TOKEN = 'op_0123456789abcdef0123456789abcdef';

describe('loadConfig', () => {
  describe('when nothing is set', () => {
    it('uses the documented defaults', () => {
      expect(loadConfig({})).toEqual({
        role: 'api',
        port: 4000,
        eventStore: { url: 'sqlite:./data/accord.db', location: { kind: 'sqlite', path: './data/accord.db' }, synchronous: 'FULL' },
        readStore: { kind: 'event-store' },
        redisUrl: undefined,
        liveChannel: expect.stringMatching(/^accord:live:[0-9a-f]{16}$/),
        projector: 'internal',
        projectorLeaseSeconds: 15,
        openSignup: true,
        operatorToken: undefined,
        rateLimits: { mutationsPerMinutePerToken: 60, mutationsPerMinutePerIp: 300, signupsPerHourPerIp: 10 },
        trustProxyHops: 0,
        production: false,
        requestLimits: { maxDepth: 12, maxCost: 5000, maxAliases: 20, maxTokens: 1000, maxBodyBytes: 1048576, httpBatching: false },
        dashboardDir: join(resolve(__dirname, '../../../..'), 'dist', 'dashboard'),
        overdueScanSeconds: 3600,
        idempotencyTtlHours: 24,
        projectionMaxAttempts: 5,
      });
    });

    it('gives the projector its own default port', () => {
      expect(loadConfig({}, 'projector')).toMatchObject({ role: 'projector', port: 4001 });
    });

    it('treats empty variables as unset', () => {
      expect(loadConfig({ PORT: '', ACCORD_EVENT_STORE: ' ', ACCORD_READ_STORE: '', ACCORD_OPEN_SIGNUP: '' })).toEqual(loadConfig({}));
    });
  });

  describe('when every variable is set', () => {
    it('reads each of them', () => {
      const config = loadConfig({
        PORT: '0',
        ACCORD_EVENT_STORE: 'sqlite::memory:',
        ACCORD_SQLITE_SYNCHRONOUS: 'normal',
        ACCORD_READ_STORE: 'postgres://db/read',
        REDIS_URL: 'redis://cache:6379',
        ACCORD_LIVE_CHANNEL: 'accord:live:firm-a',
        ACCORD_PROJECTOR: 'External',
        ACCORD_PROJECTOR_LEASE_SECONDS: '3',
        ACCORD_OPEN_SIGNUP: 'FALSE',
        ACCORD_OPERATOR_TOKEN: OPERATOR_TOKEN,
        ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN: '5',
        ACCORD_MUTATIONS_PER_MINUTE_PER_IP: '0',
        ACCORD_SIGNUPS_PER_HOUR_PER_IP: '2',
        ACCORD_TRUST_PROXY: '1',
        NODE_ENV: 'production',
        ACCORD_MAX_DEPTH: '8',
        ACCORD_MAX_COST: '900',
        ACCORD_MAX_ALIASES: '4',
        ACCORD_MAX_TOKENS: '300',
        ACCORD_MAX_BODY_BYTES: '65536',
        ACCORD_HTTP_BATCHING: 'true',
        ACCORD_DASHBOARD_DIR: '/srv/accord/dashboard',
        ACCORD_OVERDUE_SCAN_SECONDS: '60',
        ACCORD_IDEMPOTENCY_TTL_HOURS: '48',
        ACCORD_PROJECTION_MAX_ATTEMPTS: '7',
      });
      expect(config).toEqual({
        role: 'api',
        port: 0,
        eventStore: { url: 'sqlite::memory:', location: { kind: 'sqlite', path: ':memory:' }, synchronous: 'NORMAL' },
        readStore: { kind: 'postgres', url: 'postgres://db/read' },
        redisUrl: 'redis://cache:6379',
        liveChannel: 'accord:live:firm-a',
        projector: 'external',
        projectorLeaseSeconds: 3,
        openSignup: false,
        operatorToken: OPERATOR_TOKEN,
        rateLimits: { mutationsPerMinutePerToken: 5, mutationsPerMinutePerIp: 0, signupsPerHourPerIp: 2 },
        trustProxyHops: 1,
        production: true,
        requestLimits: { maxDepth: 8, maxCost: 900, maxAliases: 4, maxTokens: 300, maxBodyBytes: 65536, httpBatching: true },
        dashboardDir: '/srv/accord/dashboard',
        overdueScanSeconds: 60,
        idempotencyTtlHours: 48,
        projectionMaxAttempts: 7,
      });
    });

    it('accepts postgres and esdb event stores with a PostgreSQL read store', () => {
      const readStore = { ACCORD_READ_STORE: 'postgres://db/read' };
      expect(loadConfig({ ...readStore, ACCORD_EVENT_STORE: 'postgres://db/accord' }).eventStore.location.kind).toBe('postgres');
      expect(loadConfig({ ...readStore, ACCORD_EVENT_STORE: 'esdb://es:2113' }).eventStore.location.kind).toBe('esdb');
    });

    it('gives instances on the same event store the same live channel, and other stores another, whatever the password', () => {
      const channel = (url: string) => loadConfig({ ACCORD_EVENT_STORE: url, ACCORD_READ_STORE: 'postgres://db/read' }).liveChannel;
      expect(channel('postgres://a:one@db/accord')).toBe(channel('postgres://a:two@db/accord'));
      expect(channel('postgres://a@db/accord')).not.toBe(channel('postgres://a@db/accord?schema=other'));
    });
  });

  describe('rate limits', () => {
    it('turns a limit off with 0, and every limit with RATE_LIMITS_OFF', () => {
      expect(loadConfig({ ACCORD_MUTATIONS_PER_MINUTE_PER_IP: '0' }).rateLimits.mutationsPerMinutePerIp).toBe(0);
      expect(loadConfig(RATE_LIMITS_OFF).rateLimits).toEqual({ mutationsPerMinutePerToken: 0, mutationsPerMinutePerIp: 0, signupsPerHourPerIp: 0 });
    });
  });

  describe('when a value is bad', () => {
    it.each([
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '-1' }, 'PORT'],
      [{ PORT: '65536' }, 'PORT'],
      [{ PORT: '80.5' }, 'PORT'],
      [{ ACCORD_EVENT_STORE: 'mysql://x' }, 'ACCORD_EVENT_STORE'],
      [{ ACCORD_EVENT_STORE: './accord.db' }, 'ACCORD_EVENT_STORE'],
      [{ ACCORD_EVENT_STORE: 'sqlite:' }, 'ACCORD_EVENT_STORE'],
      [{ ACCORD_READ_STORE: 'mysql://db/read' }, 'ACCORD_READ_STORE'],
      [{ ACCORD_EVENT_STORE: 'postgres://db/accord' }, 'ACCORD_READ_STORE'],
      [{ ACCORD_PROJECTOR: 'elsewhere' }, 'ACCORD_PROJECTOR'],
      [{ ACCORD_PROJECTOR_LEASE_SECONDS: '0' }, 'ACCORD_PROJECTOR_LEASE_SECONDS'],
      [{ ACCORD_SQLITE_SYNCHRONOUS: 'sometimes' }, 'ACCORD_SQLITE_SYNCHRONOUS'],
      [{ ACCORD_OPEN_SIGNUP: 'yes' }, 'ACCORD_OPEN_SIGNUP'],
      [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
      [{ ACCORD_OVERDUE_SCAN_SECONDS: 'soon' }, 'ACCORD_OVERDUE_SCAN_SECONDS'],
      [{ ACCORD_OVERDUE_SCAN_SECONDS: '0' }, 'ACCORD_OVERDUE_SCAN_SECONDS'],
      [{ ACCORD_OVERDUE_SCAN_SECONDS: '1.5' }, 'ACCORD_OVERDUE_SCAN_SECONDS'],
      [{ ACCORD_IDEMPOTENCY_TTL_HOURS: 'a day' }, 'ACCORD_IDEMPOTENCY_TTL_HOURS'],
      [{ ACCORD_IDEMPOTENCY_TTL_HOURS: '0' }, 'ACCORD_IDEMPOTENCY_TTL_HOURS'],
      [{ ACCORD_IDEMPOTENCY_TTL_HOURS: '8761' }, 'ACCORD_IDEMPOTENCY_TTL_HOURS'],
      [{ ACCORD_IDEMPOTENCY_TTL_HOURS: '2.5' }, 'ACCORD_IDEMPOTENCY_TTL_HOURS'],
      [{ ACCORD_PROJECTION_MAX_ATTEMPTS: '0' }, 'ACCORD_PROJECTION_MAX_ATTEMPTS'],
      [{ ACCORD_PROJECTION_MAX_ATTEMPTS: 'forever' }, 'ACCORD_PROJECTION_MAX_ATTEMPTS'],
      [{ ACCORD_PROJECTION_MAX_ATTEMPTS: '1001' }, 'ACCORD_PROJECTION_MAX_ATTEMPTS'],
      [{ ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN: '-1' }, 'ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN'],
      [{ ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN: 'off' }, 'ACCORD_MUTATIONS_PER_MINUTE_PER_TOKEN'],
      [{ ACCORD_MUTATIONS_PER_MINUTE_PER_IP: '2.5' }, 'ACCORD_MUTATIONS_PER_MINUTE_PER_IP'],
      [{ ACCORD_SIGNUPS_PER_HOUR_PER_IP: '1000001' }, 'ACCORD_SIGNUPS_PER_HOUR_PER_IP'],
      [{ ACCORD_OPERATOR_TOKEN: 'short-secret' }, 'ACCORD_OPERATOR_TOKEN'],
      [{ ACCORD_TRUST_PROXY: 'true' }, 'ACCORD_TRUST_PROXY'],
      [{ ACCORD_TRUST_PROXY: '11' }, 'ACCORD_TRUST_PROXY'],
      [{ ACCORD_MAX_DEPTH: '0' }, 'ACCORD_MAX_DEPTH'],
      [{ ACCORD_MAX_COST: 'lots' }, 'ACCORD_MAX_COST'],
      [{ ACCORD_MAX_ALIASES: '-1' }, 'ACCORD_MAX_ALIASES'],
      [{ ACCORD_MAX_TOKENS: '1e3' }, 'ACCORD_MAX_TOKENS'],
      [{ ACCORD_MAX_BODY_BYTES: '1mb' }, 'ACCORD_MAX_BODY_BYTES'],
      [{ ACCORD_HTTP_BATCHING: 'yes' }, 'ACCORD_HTTP_BATCHING'],
    ])('rejects %j naming %s', (env, variable) => {
      expect(variableAtFault(env)).toBe(variable);
    });

    it('does not echo an operator token that is too short', () => {
      expect(() => loadConfig({ ACCORD_OPERATOR_TOKEN: 'hunter2-hunter2' })).toThrow(/15 characters is too short/);
      expect(() => loadConfig({ ACCORD_OPERATOR_TOKEN: 'hunter2-hunter2' })).not.toThrow(/hunter2/);
    });

    it('does not echo a read store URL, which may hold a password', () => {
      expect(() => loadConfig({ ACCORD_READ_STORE: 'mysql://user:secret@db/read' })).toThrow(ConfigError);
      expect(() => loadConfig({ ACCORD_READ_STORE: 'mysql://user:secret@db/read' })).not.toThrow(/secret/);
    });
  });
});
