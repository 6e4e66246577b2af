import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { FirmsModule } from '@accord/firms';
import { DriftModule } from '@accord/drift';
import { AuditModule } from '@accord/audit';
import { ChecksModule } from '@accord/checks';
import { DisagreementsModule } from '@accord/disagreements';
import { DecisionsModule } from '@accord/decisions';
import { MEMBER_DIRECTORY, PlatformModule, type Clock, type MemberDirectory } from '@accord/platform';
import type { AccordConfig } from './config/accord-config';
import { ConfigModule } from './config/config.module';
import { graphqlOptions } from './graphql/graphql-options';
import { serveExplorer } from './graphql/serve-explorer';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { LiveModule } from './live/live.module';
import { ServerStatusResolver } from './server-status/server-status.resolver';
import { StoreModule } from './store/store.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AccordConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
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
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [MEMBER_DIRECTORY],
          useFactory: (directory: MemberDirectory) => graphqlOptions(directory),
        }),
      ],
      controllers: [HealthController],
      providers: [HealthService, ServerStatusResolver],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(serveExplorer).forRoutes({ path: 'graphql', method: RequestMethod.GET });
  }
}
