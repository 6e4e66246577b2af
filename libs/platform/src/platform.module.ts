import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DomainErrorFilter } from './graphql/domain-error.filter';
import { systemClock } from './clock';
import { CLOCK } from './tokens';
import { CommandRunner } from './write/command-runner';
import { Consistency } from './write/consistency';

/** The write path shared by every feature: clock, command runner, read-your-writes. */
@Global()
@Module({
  providers: [{ provide: CLOCK, useValue: systemClock }, { provide: APP_FILTER, useClass: DomainErrorFilter }, Consistency, CommandRunner],
  exports: [CLOCK, Consistency, CommandRunner],
})
export class PlatformModule {}
