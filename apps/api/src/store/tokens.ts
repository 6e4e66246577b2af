/** The `EventStore` port, opened from `ACCORD_EVENT_STORE`. */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** The `ReadStore` where projections keep read models and checkpoints. */
export const READ_STORE = Symbol('READ_STORE');

/** Every `Projection` the API keeps up to date (an array). */
export const PROJECTIONS = Symbol('PROJECTIONS');
