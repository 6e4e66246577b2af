import { Logger } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { DateTimeScalar, formatGraphqlError, onConnectFactory, requestContextFactory, type MemberDirectory } from '@accord/platform';

/** Apollo code-first, graphql-ws subscriptions, token sign-in for both, and the one error mapping. */
export function graphqlOptions(directory: MemberDirectory): ApolloDriverConfig {
  const production = process.env.NODE_ENV === 'production';
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { DateTime: DateTimeScalar },
    // GraphiQL and Apollo's landing page load from a CDN; `serveExplorer` answers browsers instead.
    graphiql: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphqlError(new Logger('GraphQL'), production),
    context: requestContextFactory(directory),
    subscriptions: {
      'graphql-ws': {
        // A bad token closes the socket with 4403 before any operation runs.
        onConnect: onConnectFactory(directory) as never,
      },
    },
  };
}
