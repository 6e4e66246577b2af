import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';

export function graphqlOptions(): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    // GraphiQL and Apollo's landing page load from a CDN; `serveExplorer` answers browsers instead.
    graphiql: false,
    subscriptions: { 'graphql-ws': true },
  };
}
