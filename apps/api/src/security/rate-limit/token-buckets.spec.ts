import { MemoryTokenBuckets, type BucketDraw } from './token-buckets';

const three: BucketDraw = { key: 'token:m-1', capacity: 3, windowMs: 60_000 };
const other: BucketDraw = { key: 'token:m-2', capacity: 3, windowMs: 60_000 };

describe('MemoryTokenBuckets', () => {
  it('allows a full bucket at once, then refuses, naming the wait for one token', () => {
    const buckets = new MemoryTokenBuckets();
    for (let i = 0; i < 3; i++) expect(buckets.takeNow([three], 0)).toEqual({ allowed: true });
    expect(buckets.takeNow([three], 0)).toEqual({ allowed: false, retryAfterMs: 20_000, key: 'token:m-1' });
    expect(buckets.takeNow([other], 0)).toEqual({ allowed: true });
  });

  it('refills evenly: one token per window / capacity, never above capacity', () => {
    const buckets = new MemoryTokenBuckets();
    for (let i = 0; i < 3; i++) buckets.takeNow([three], 0);
    expect(buckets.takeNow([three], 15_000)).toMatchObject({ allowed: false, retryAfterMs: 5_000 });
    expect(buckets.takeNow([three], 20_000)).toEqual({ allowed: true });
    for (let i = 0; i < 3; i++) expect(buckets.takeNow([three], 10 * 60_000)).toEqual({ allowed: true });
    expect(buckets.takeNow([three], 10 * 60_000).allowed).toBe(false);
  });

  it('takes from every bucket or from none', () => {
    const buckets = new MemoryTokenBuckets();
    const ip: BucketDraw = { key: 'ip:10.0.0.1', capacity: 1, windowMs: 60_000 };
    expect(buckets.takeNow([three, ip], 0)).toEqual({ allowed: true });
    expect(buckets.takeNow([three, ip], 0)).toEqual({ allowed: false, retryAfterMs: 60_000, key: 'ip:10.0.0.1' });
    // The refusal took nothing from the token's bucket: two are left.
    expect(buckets.takeNow([three], 0).allowed).toBe(true);
    expect(buckets.takeNow([three], 0).allowed).toBe(true);
    expect(buckets.takeNow([three], 0).allowed).toBe(false);
  });

  it('does not drain when the clock goes back', () => {
    const buckets = new MemoryTokenBuckets();
    buckets.takeNow([three], 60_000);
    expect(buckets.takeNow([three], 0)).toEqual({ allowed: true });
  });

  it('forgets buckets that are full again', () => {
    const buckets = new MemoryTokenBuckets();
    for (let i = 0; i < 1000; i++) buckets.takeNow([{ key: `ip:10.0.${i >> 8}.${i & 255}`, capacity: 5, windowMs: 60_000 }], 0);
    expect(buckets.size).toBe(1000);
    buckets.takeNow([three], 120_000);
    expect(buckets.size).toBe(1);
  });
});
