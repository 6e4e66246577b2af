/** Where commands get "now": the domain never reads a clock itself. */
export interface Clock {
  /** ISO-8601 instant. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that moves only when told: tests of time, and the demo's quarter replayed in seconds. */
export class ManualClock implements Clock {
  constructor(private current: string) {}

  now(): string {
    return this.current;
  }

  set(iso: string): void {
    this.current = new Date(iso).toISOString();
  }

  advanceDays(days: number): string {
    this.current = new Date(Date.parse(this.current) + days * 86_400_000).toISOString();
    return this.current;
  }
}
