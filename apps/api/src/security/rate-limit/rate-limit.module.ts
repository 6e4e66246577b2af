import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ACCORD_CONFIG, type AccordConfig } from '../../config/accord-config';
import { MutationRateLimitInterceptor } from './mutation-rate-limit.interceptor';
import { RATE_LIMIT_STORE } from './rate-limit-store';
import { RedisTokenBuckets } from './redis-token-buckets';
import { MemoryTokenBuckets, type RateLimitStore } from './token-buckets';

/** Rate limits on mutations and sign-ups: buckets in Redis when REDIS_URL is set (shared by every instance), in memory otherwise. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [ACCORD_CONFIG],
      useFactory: (config: AccordConfig): RateLimitStore | Promise<RateLimitStore> | null => {
        if (Object.values(config.rateLimits).every((limit) => limit === 0)) return null;
        if (!config.redisUrl) return new MemoryTokenBuckets();
        // The live channel names the deployment: instances of one deployment share buckets, other deployments on the same Redis do not.
        return RedisTokenBuckets.open(config.redisUrl, { keyPrefix: `${config.liveChannel}:rate`, logger: new Logger('RateLimits') });
      },
    },
    { provide: APP_INTERCEPTOR, useClass: MutationRateLimitInterceptor },
  ],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.store instanceof RedisTokenBuckets) await this.store.close();
  }
}
