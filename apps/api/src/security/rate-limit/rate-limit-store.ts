/** The `RateLimitStore` mutations draw on (null when every limit is off). */
export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
