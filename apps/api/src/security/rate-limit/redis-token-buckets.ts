import { Redis } from 'ioredis';
import type { Logger } from '@accord/projections';
import { MemoryTokenBuckets, type BucketDraw, type RateDecision, type RateLimitStore } from './token-buckets';

/**
 * The same token buckets as {@link MemoryTokenBuckets}, kept in Redis hashes and updated by one script,
 * so several API instances enforce one limit. All or nothing, like the memory version: a request
 * refused by one bucket takes from none. Returns 0 (allowed) or the milliseconds until a retry can pass
 * and the index of the bucket that refused.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local levels = {}
local wait, refused = 0, 0
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'updated')
  local tokens, updated = tonumber(state[1]), tonumber(state[2])
  if tokens == nil or updated == nil then tokens, updated = capacity, now end
  tokens = math.min(capacity, tokens + math.max(0, now - updated) * capacity / window)
  levels[i] = tokens
  if tokens < 1 then
    local ms = math.ceil((1 - tokens) * window / capacity)
    if ms > wait then wait, refused = ms, i end
  end
end
if wait > 0 then return {wait, refused} end
for i = 1, #KEYS do
  redis.call('HSET', KEYS[i], 'tokens', tostring(levels[i] - 1), 'updated', tostring(now))
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i + 1])
end
return {0, 0}
`;

type TakeCommand = (numberOfKeys: number, ...keysAndArgs: Array<string | number>) => Promise<[number, number]>;

export interface RedisTokenBucketsOptions {
  /** Prefixes every key: one namespace per deployment. */
  keyPrefix: string;
  logger: Logger;
  connectTimeoutMs?: number;
}

/**
 * Buckets shared through Redis. While Redis cannot be reached each instance falls back to its own
 * memory buckets (logged once), so an outage weakens the limits to per instance instead of refusing or
 * waving through every mutation.
 */
export class RedisTokenBuckets implements RateLimitStore {
  private readonly fallback = new MemoryTokenBuckets();
  private degraded = false;

  static async open(url: string, options: RedisTokenBucketsOptions): Promise<RedisTokenBuckets> {
    // Fails at once while disconnected instead of queueing: a request must not wait for Redis to return.
    const redis = new Redis(url, { connectionName: 'accord-rate-limit', enableOfflineQueue: false, lazyConnect: true });
    redis.defineCommand('accordTakeTokens', { lua: TAKE_SCRIPT });
    redis.on('error', () => undefined); // reported by take(), once per outage
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        redis.connect(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis not reachable within ${timeoutMs} ms (rate limits)`)), timeoutMs))),
      ]);
    } catch (error) {
      redis.disconnect();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return new RedisTokenBuckets(redis, options);
  }

  private constructor(
    private readonly redis: Redis,
    private readonly options: RedisTokenBucketsOptions,
  ) {}

  async take(draws: readonly BucketDraw[], nowMs: number): Promise<RateDecision> {
    const command = (this.redis as unknown as { accordTakeTokens: TakeCommand }).accordTakeTokens.bind(this.redis);
    const keys = draws.map((draw) => `${this.options.keyPrefix}:${draw.key}`);
    const args = draws.flatMap((draw) => [draw.capacity, Math.ceil(draw.windowMs)]);
    try {
      const [waitMs, refused] = await command(keys.length, ...keys, nowMs, ...args);
      if (this.degraded) {
        this.degraded = false;
        this.options.logger.log('Redis reachable again: rate limits are shared across instances');
      }
      return waitMs > 0 ? { allowed: false, retryAfterMs: waitMs, key: draws[refused - 1].key } : { allowed: true };
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.options.logger.warn(`rate limits fall back to this instance alone: ${error instanceof Error ? error.message : String(error)}`);
      }
      return this.fallback.takeNow(draws, nowMs);
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
