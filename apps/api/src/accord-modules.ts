import type { DynamicModule, Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FirmsModule } from '@accord/firms';
import { DriftModule } from '@accord/drift';
import { AuditModule } from '@accord/audit';
import { ChecksModule } from '@accord/checks';
import { DisagreementsModule } from '@accord/disagreements';
import { DecisionsModule } from '@accord/decisions';
import { PlatformModule, type Clock } from '@accord/platform';
import type { AccordConfig } from './config/accord-config';
import { ConfigModule } from './config/config.module';
import { LiveModule } from './live/live.module';
import { StoreModule } from './store/store.module';

/**
 * What the API and the projector both load: configuration, stores, live events, the write path and
 * every feature library (the projector's process managers run the features' command handlers).
 */
export function accordModules(config: AccordConfig, clock?: Clock): Array<Type | DynamicModule> {
  return [
    ConfigModule.forRoot(config),
    StoreModule,
    LiveModule,
    PlatformModule.forRoot(clock),
    CqrsModule.forRoot(),
    FirmsModule,
    DriftModule,
    AuditModule,
    ChecksModule,
    DisagreementsModule,
    DecisionsModule,
  ];
}
