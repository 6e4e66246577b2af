import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@accord/platform';
import { accordModules } from '../../api/src/accord-modules';
import type { AccordConfig } from '../../api/src/config/accord-config';
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
      imports: accordModules(config, clock),
      controllers: [ProjectorHealthController],
    };
  }
}
