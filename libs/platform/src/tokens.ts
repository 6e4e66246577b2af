/** The `EventStore` port, opened from `ACCORD_EVENT_STORE`. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** The `ReadStore` where projections keep read models and checkpoints. */
export const READ_STORE = Symbol('READ_STORE');

/** Every `Projection` the API keeps up to date (an array). */
export const PROJECTIONS = Symbol('PROJECTIONS');

/** Every `ProcessManager` (an array). */
export const PROCESS_MANAGERS = Symbol('PROCESS_MANAGERS');

/** The `Clock` commands take their time from. */
export const CLOCK = Symbol('CLOCK');

/** The `MemberDirectory` that turns a token hash into a member. */
export const MEMBER_DIRECTORY = Symbol('MEMBER_DIRECTORY');

/** `boolean`: whether `createFirm` is open to anyone (ACCORD_OPEN_SIGNUP). */
export const OPEN_SIGNUP = Symbol('OPEN_SIGNUP');

/** An `AlignedDefinitionsSource` (implemented by the decisions feature, used when a check closes). */
export const ALIGNED_DEFINITIONS = Symbol('ALIGNED_DEFINITIONS');

/** Question key → id of the locked, not superseded decision that defines it. */
export interface AlignedDefinitionsSource {
  currentDefinitions(firmId: string): Promise<Record<string, string>>;
}

/** `number`: seconds between overdue scans (ACCORD_OVERDUE_SCAN_SECONDS). */
export const OVERDUE_SCAN_SECONDS = Symbol('OVERDUE_SCAN_SECONDS');

/** The `LiveBus` live events travel on between instances (Redis when REDIS_URL is set). */
export const LIVE_BUS = Symbol('LIVE_BUS');

/** The `LiveHub` GraphQL subscriptions read live events from. */
export const LIVE_HUB = Symbol('LIVE_HUB');

/** `number`: hours an idempotency key is remembered (ACCORD_IDEMPOTENCY_TTL_HOURS). */
export const IDEMPOTENCY_TTL_HOURS = Symbol('IDEMPOTENCY_TTL_HOURS');
