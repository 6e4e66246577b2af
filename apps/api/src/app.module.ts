import { Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { IdempotencyService, MEMBER_DIRECTORY, type Clock, type MemberDirectory } from '@accord/platform';
import { accordModules } from './accord-modules';
import { ACCORD_CONFIG, type AccordConfig } from './config/accord-config';
import { graphqlOptions } from './graphql/graphql-options';
import { serveExplorer } from './graphql/serve-explorer';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { SignedInSockets } from './live/signed-in-sockets';
import { RateLimitModule } from './security/rate-limit/rate-limit.module';
import { ServerStatusResolver } from './server-status/server-status.resolver';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AccordConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...accordModules(config, clock),
        RateLimitModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [MEMBER_DIRECTORY, IdempotencyService, SignedInSockets, GraphQLSchemaHost],
          useFactory: (directory: MemberDirectory, idempotency: IdempotencyService, sockets: SignedInSockets, schemaHost: GraphQLSchemaHost) =>
            graphqlOptions(directory, idempotency, sockets, config, schemaHost),
        }),
      ],
      controllers: [HealthController],
      providers: [HealthService, ServerStatusResolver],
    };
  }

  constructor(@Inject(ACCORD_CONFIG) private readonly config: AccordConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    // In production the page is off: GET /graphql is Apollo's, which answers only with a query.
    if (!this.config.production) consumer.apply(serveExplorer).forRoutes({ path: 'graphql', method: RequestMethod.GET });
  }
}
