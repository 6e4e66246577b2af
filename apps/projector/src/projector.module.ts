import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FirmsModule } from '@accord/firms';
import { DriftModule } from '@accord/drift';
import { AuditModule } from '@accord/audit';
import { ChecksModule } from '@accord/checks';
import { DisagreementsModule } from '@accord/disagreements';
import { DecisionsModule } from '@accord/decisions';
import { PlatformModule, type Clock } from '@accord/platform';
import type { AccordConfig } from '../../api/src/config/accord-config';
import { ConfigModule } from '../../api/src/config/config.module';
import { LiveModule } from '../../api/src/live/live.module';
import { StoreModule } from '../../api/src/store/store.module';
import { ProjectorHealthController } from './projector-health.controller';

/**
 * The projector process: the same stores, projections, process managers and command handlers as the
 * API (process managers append through them), with no GraphQL server; it serves only GET /health.
 */
@Module({})
export class ProjectorModule {
  static forRoot(config: AccordConfig, clock?: Clock): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
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
      ],
      controllers: [ProjectorHealthController],
    };
  }
}
