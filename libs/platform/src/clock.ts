/** Where commands get "now": the domain never reads a clock itself. */
export interface Clock {
  /** ISO-8601 instant. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
