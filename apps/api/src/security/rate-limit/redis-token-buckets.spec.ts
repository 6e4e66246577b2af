import { randomUUID } from 'node:crypto';
import { describeWithRedis, testRedisUrl } from '@accord/event-store/testing/services';
import { RedisTokenBuckets } from './redis-token-buckets';
import type { BucketDraw } from './token-buckets';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const three: BucketDraw = { key: 'token:m-1', capacity: 3, windowMs: 60_000 };

describeWithRedis('RedisTokenBuckets (real Redis)', () => {
  let first: RedisTokenBuckets;
  let second: RedisTokenBuckets;

  beforeEach(async () => {
    // A fresh namespace per test, like a deployment of its own.
    const keyPrefix = `accord:test:rate:${randomUUID()}`;
    first = await RedisTokenBuckets.open(testRedisUrl(), { keyPrefix, logger: quiet });
    second = await RedisTokenBuckets.open(testRedisUrl(), { keyPrefix, logger: quiet });
  });

  afterEach(async () => {
    await first.close();
    await second.close();
  });

  it('shares one bucket between instances: three takes through either, then both refuse', async () => {
    expect(await first.take([three], 0)).toEqual({ allowed: true });
    expect(await second.take([three], 0)).toEqual({ allowed: true });
    expect(await first.take([three], 0)).toEqual({ allowed: true });
    expect(await second.take([three], 0)).toEqual({ allowed: false, retryAfterMs: 20_000, key: 'token:m-1' });
    expect(await first.take([three], 0)).toMatchObject({ allowed: false });
  });

  it('refills evenly with time, to at most the capacity', async () => {
    for (let i = 0; i < 3; i++) await first.take([three], 1_000);
    expect(await second.take([three], 16_000)).toEqual({ allowed: false, retryAfterMs: 5_000, key: 'token:m-1' });
    expect(await second.take([three], 21_000)).toEqual({ allowed: true });
    for (let i = 0; i < 3; i++) expect(await first.take([three], 3_600_000)).toEqual({ allowed: true });
    expect((await first.take([three], 3_600_000)).allowed).toBe(false);
  });

  it('takes from every bucket or from none, and names the one that refused', async () => {
    const ip: BucketDraw = { key: 'ip:2001:db8::/64', capacity: 1, windowMs: 60_000 };
    expect(await first.take([three, ip], 0)).toEqual({ allowed: true });
    expect(await second.take([three, ip], 0)).toEqual({ allowed: false, retryAfterMs: 60_000, key: 'ip:2001:db8::/64' });
    expect(await second.take([three], 0)).toEqual({ allowed: true });
    expect(await second.take([three], 0)).toEqual({ allowed: true });
    expect((await second.take([three], 0)).allowed).toBe(false);
  });
});
