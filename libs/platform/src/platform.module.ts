import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { ReadStore } from '@accord/projections';
import { DomainErrorFilter } from './graphql/domain-error.filter';
import { systemClock, type Clock } from './clock';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyService } from './idempotency/idempotency.service';
import { CLOCK, IDEMPOTENCY_TTL_HOURS, READ_STORE } from './tokens';
import { CommandRunner } from './write/command-runner';
import { Consistency } from './write/consistency';

/** The write path shared by every feature: clock, command runner, read-your-writes, idempotency keys. */
@Global()
@Module({})
export class PlatformModule {
  /** `clock` replaces the system clock (the demo replays a quarter in seconds). */
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        Consistency,
        CommandRunner,
        {
          provide: IdempotencyService,
          inject: [READ_STORE, IDEMPOTENCY_TTL_HOURS],
          useFactory: (readStore: ReadStore, ttlHours: number) => new IdempotencyService(readStore, { ttlMs: ttlHours * 3_600_000, logger: new Logger('Idempotency') }),
        },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [CLOCK, Consistency, CommandRunner, IdempotencyService],
    };
  }
}
