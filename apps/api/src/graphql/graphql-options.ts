import { Logger } from '@nestjs/common';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import {
  DateTimeScalar,
  formatGraphqlError,
  idempotencyPlugin,
  onConnectFactory,
  requestContextFactory,
  type IdempotencyService,
  type MemberDirectory,
  type RequestContext,
} from '@accord/platform';
import { sharedSubscriptionExecution } from './shared-subscription-execution';
import { wsDocumentCache } from './ws-document-cache';

/** Apollo code-first, graphql-ws subscriptions, token sign-in for both, the one error mapping, and idempotent mutations over HTTP. */
export function graphqlOptions(directory: MemberDirectory, idempotency: IdempotencyService): ApolloDriverConfig {
  const production = process.env.NODE_ENV === 'production';
  const format = formatGraphqlError(new Logger('GraphQL'), production);
  // graphql-ws sends results without Apollo's formatter: map their errors the same way.
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((error) => format(error.toJSON(), error));
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    resolvers: { DateTime: DateTimeScalar },
    // GraphiQL and Apollo's landing page load from a CDN; `serveExplorer` answers browsers instead.
    graphiql: false,
    includeStacktraceInErrorResponses: false,
    formatError: format,
    context: requestContextFactory(directory),
    // Cast: Nest's types name @apollo/server's ESM declarations, ours its CommonJS ones, which differ only in HeaderMap's private brand.
    plugins: [idempotencyPlugin(idempotency) as NonNullable<ApolloDriverConfig['plugins']>[number]],
    subscriptions: {
      // Nest's type lists only some graphql-ws options; the object is passed to graphql-ws whole.
      'graphql-ws': {
        // One parsed, validated document per distinct subscription text, shared by every socket that sends it.
        ...wsDocumentCache(),
        // An event sent to many subscriptions of one member with the same operation is executed once.
        subscribe: sharedSubscriptionExecution(viewerOf),
        // A bad token closes the socket with 4403 before any operation runs.
        onConnect: releasingUpgradeRequest(onConnectFactory(directory)) as never,
        onNext: (_ctx: unknown, _id: unknown, _payload: unknown, _args: unknown, result: ExecutionResult) =>
          result.errors ? { ...result, errors: formatAll(result.errors) } : undefined,
        onError: (_ctx: unknown, _id: unknown, _payload: unknown, errors: readonly GraphQLError[]) => formatAll(errors),
      } as NonNullable<ApolloDriverConfig['subscriptions']>['graphql-ws'],
    },
  };
}

/**
 * graphql-ws keeps the HTTP upgrade request in `extra` for the socket's whole life; nothing reads it
 * after sign-in (the member is in `extra.member`), and it holds ~1.5 KB of headers per idle socket.
 */
function releasingUpgradeRequest<Ctx extends { extra: object }>(onConnect: (ctx: Ctx) => Promise<boolean>) {
  return async (ctx: Ctx): Promise<boolean> => {
    const accepted = await onConnect(ctx);
    (ctx.extra as { request?: unknown }).request = undefined;
    return accepted;
  };
}

/** What of a subscription's context can change its results: the member, as signed in on that socket. */
function viewerOf(contextValue: unknown): string {
  const member = (contextValue as RequestContext | undefined)?.member;
  return member ? JSON.stringify([member.memberId, member.firmId, member.role]) : 'anonymous';
}
