import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainErrorFilter } from './graphql/domain-error.filter';
import { systemClock, type Clock } from './clock';
import { CLOCK } from './tokens';
import { CommandRunner } from './write/command-runner';
import { Consistency } from './write/consistency';

/** The write path shared by every feature: clock, command runner, read-your-writes. */
@Global()
@Module({})
export class PlatformModule {
  /** `clock` replaces the system clock (the demo replays a quarter in seconds). */
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return {
      module: PlatformModule,
      providers: [{ provide: CLOCK, useValue: clock }, { provide: APP_FILTER, useClass: DomainErrorFilter }, Consistency, CommandRunner],
      exports: [CLOCK, Consistency, CommandRunner],
    };
  }
}
