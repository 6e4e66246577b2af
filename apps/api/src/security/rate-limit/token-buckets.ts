/** One limit a request draws on: `capacity` requests per `windowMs`, refilled evenly (a token bucket). */
export interface BucketDraw {
  /** Who is limited, e.g. `token:<member id>`, `ip:<address>`, `signup:<address>`. */
  key: string;
  capacity: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; key: string };

/** Where the buckets live: this process, or Redis so that every API instance draws on the same ones. */
export interface RateLimitStore {
  /** Takes one token from every bucket, or from none when any is empty (then says when to retry). */
  take(draws: readonly BucketDraw[], nowMs: number): Promise<RateDecision>;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
  /** When it is full again, and may be forgotten. */
  fullMs: number;
}

const SWEEP_EVERY_MS = 60_000;

/** The buckets in this process's memory: each API instance enforces the limits on its own. */
export class MemoryTokenBuckets implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private sweptMs = 0;

  async take(draws: readonly BucketDraw[], nowMs: number): Promise<RateDecision> {
    return this.takeNow(draws, nowMs);
  }

  takeNow(draws: readonly BucketDraw[], nowMs: number): RateDecision {
    this.sweep(nowMs);
    const levels = draws.map((draw) => levelOf(this.buckets.get(draw.key), draw, nowMs));
    const refusal = refusalOf(draws, levels);
    if (refusal) return refusal;
    draws.forEach((draw, i) => {
      const tokens = levels[i] - 1;
      this.buckets.set(draw.key, { tokens, updatedMs: nowMs, fullMs: nowMs + ((draw.capacity - tokens) * draw.windowMs) / draw.capacity });
    });
    return { allowed: true };
  }

  /** How many buckets are remembered (the rest are full). */
  get size(): number {
    return this.buckets.size;
  }

  /** A full bucket is the same as none: forget those, so a flood of addresses does not stay in memory. */
  private sweep(nowMs: number): void {
    if (nowMs - this.sweptMs < SWEEP_EVERY_MS) return;
    this.sweptMs = nowMs;
    for (const [key, bucket] of this.buckets) if (bucket.fullMs <= nowMs) this.buckets.delete(key);
  }
}

function levelOf(bucket: Bucket | undefined, draw: BucketDraw, nowMs: number): number {
  if (!bucket) return draw.capacity;
  // A clock set back (tests, a corrected server clock) refills nothing rather than draining.
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  return Math.min(draw.capacity, bucket.tokens + (elapsed * draw.capacity) / draw.windowMs);
}

/** The refusal of the bucket that takes longest to hold a whole token again, if any is short of one. */
export function refusalOf(draws: readonly BucketDraw[], levels: readonly number[]): RateDecision | undefined {
  let refusal: { allowed: false; retryAfterMs: number; key: string } | undefined;
  draws.forEach((draw, i) => {
    if (levels[i] >= 1) return;
    const retryAfterMs = Math.ceil(((1 - levels[i]) * draw.windowMs) / draw.capacity);
    if (!refusal || retryAfterMs > refusal.retryAfterMs) refusal = { allowed: false, retryAfterMs, key: draw.key };
  });
  return refusal;
}
