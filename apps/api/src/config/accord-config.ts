import type { EventStoreLocation, SqliteSynchronous } from '@accord/event-store';

/** The server's settings, read once from the environment by `loadConfig`. */
export interface AccordConfig {
  /** `api`: the GraphQL server (apps/api). `projector`: the separate projector process (apps/projector). */
  role: 'api' | 'projector';
  port: number;
  eventStore: {
    /** The `ACCORD_EVENT_STORE` URL as given. */
    url: string;
    location: EventStoreLocation;
    synchronous: SqliteSynchronous;
  };
  /** Read models in the event store's own SQLite file (the default), or in PostgreSQL. */
  readStore: { kind: 'event-store' } | { kind: 'postgres'; url: string };
  /** Subscriptions fan out through Redis when set, within the process otherwise. */
  redisUrl?: string;
  /** The Redis channel of this deployment's live events: one per event store, so two deployments sharing a Redis never mix. */
  liveChannel: string;
  /** `internal`: this process runs projections and process managers. `external`: `apps/projector` does, and this one waits for its checkpoints. */
  projector: 'internal' | 'external';
  /** How long the projector lease lasts unrenewed: a standby projector takes over at most this long after the holder died. */
  projectorLeaseSeconds: number;
  openSignup: boolean;
  /** ACCORD_OPERATOR_TOKEN: with sign-up closed, `createFirm` works only with `Authorization: Bearer <operator token>`. */
  operatorToken?: string;
  /** Mutations a token or an address may send, and sign-ups an address may make; 0 turns that limit off. */
  rateLimits: RateLimits;
  /** ACCORD_TRUST_PROXY: reverse proxies in front whose X-Forwarded-For entries are believed; 0 takes the socket's address. */
  trustProxyHops: number;
  /** NODE_ENV=production: introspection and the explorer page off, no "Did you mean" hints in errors. */
  production: boolean;
  /** Limits on every GraphQL request, over HTTP and graphql-ws (apps/api/src/security/document-limits.ts). */
  requestLimits: RequestLimits;
  /** ACCORD_DASHBOARD_DIR: the built dashboard served at `/` (default: dist/dashboard of this checkout). */
  dashboardDir: string;
  /** Seconds between scans for firms whose alignment check is overdue (CHECK_OVERDUE drift). */
  overdueScanSeconds: number;
  /** Hours a mutation's Idempotency-Key and its response are remembered; afterwards the key may be used afresh. */
  idempotencyTtlHours: number;
  /** Failures of one event's projection handler before the event is recorded as poison and passed over. */
  projectionMaxAttempts: number;
}

export interface RateLimits {
  mutationsPerMinutePerToken: number;
  mutationsPerMinutePerIp: number;
  signupsPerHourPerIp: number;
}

export interface RequestLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Also the largest graphql-ws message. */
  maxBodyBytes: number;
  /** Whether an HTTP body may be an array of operations. */
  httpBatching: boolean;
}

export const ACCORD_CONFIG = Symbol('ACCORD_CONFIG');

/** Whether this process runs the projections and process managers (under the projector lease). */
export function runsProjections(config: Pick<AccordConfig, 'role' | 'projector'>): boolean {
  return config.role === 'projector' || config.projector === 'internal';
}
