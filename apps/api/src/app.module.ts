import { Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { IdempotencyService, MEMBER_DIRECTORY, type Clock, type MemberDirectory } from '@accord/platform';
import { accordModules } from './accord-modules';
import type { AccordConfig } from './config/accord-config';
import { graphqlOptions } from './graphql/graphql-options';
import { serveExplorer } from './graphql/serve-explorer';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { ServerStatusResolver } from './server-status/server-status.resolver';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AccordConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...accordModules(config, clock),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [MEMBER_DIRECTORY, IdempotencyService],
          useFactory: (directory: MemberDirectory, idempotency: IdempotencyService) => graphqlOptions(directory, idempotency),
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
