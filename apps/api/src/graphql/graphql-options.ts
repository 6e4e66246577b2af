import { Logger } from '@nestjs/common';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLSchemaHost } from '@nestjs/graphql';
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
import { type SignedInSockets, watchingSignedInSockets } from '../live/signed-in-sockets';
import type { AccordConfig } from '../config/accord-config';
import { clientIp, recordingClientIp } from '../security/client-ip';
import { operatorTokenMatcher } from '../security/operator-token';
import { retryAfterPlugin } from '../security/rate-limit/retry-after.plugin';
import { sharedSubscriptionExecution } from './shared-subscription-execution';
import { wsDocumentCache } from './ws-document-cache';
import { documentLimitsPlugin } from '../security/document-limits.plugin';
import { idArgumentsPlugin } from '../security/id-arguments.plugin';

/** Apollo code-first, graphql-ws subscriptions, token sign-in for both, the one error mapping, and idempotent mutations over HTTP. */
export function graphqlOptions(
  directory: MemberDirectory,
  idempotency: IdempotencyService,
  sockets: SignedInSockets,
  config: AccordConfig,
  schemaHost: GraphQLSchemaHost,
): ApolloDriverConfig {
  const { production, requestLimits: limits } = config;
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
    introspection: !production,
    // The document limits (security/document-limits.ts): tokens here, in the parser; the rest in the first plugin.
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: limits.httpBatching,
    formatError: format,
    // Keep the status a plugin sets (429 for a throttled request); none of our errors carries `extensions.http`, so nothing else changes.
    preserveHttpStatusForExecutionErrors: false,
    // No automatic persisted queries: a hash-only request is answered BAD_REQUEST; every document is sent, parsed and limited.
    persistedQueries: false,
    context: requestContextFactory(directory, {
      clientIp: (request) => clientIp(request, config.trustProxyHops),
      isOperatorToken: operatorTokenMatcher(config.operatorToken),
    }),
    // Cast: Nest's types name @apollo/server's ESM declarations, ours its CommonJS ones, which differ only in HeaderMap's private brand.
    plugins: [documentLimitsPlugin(limits), idArgumentsPlugin(), idempotencyPlugin(idempotency), retryAfterPlugin()] as NonNullable<ApolloDriverConfig['plugins']>,
    subscriptions: {
      // Nest's type lists only some graphql-ws options; the object is passed to graphql-ws whole.
      'graphql-ws': {
        // The same parsing, validation and document limits as over HTTP, once per distinct text, shared by every socket that sends it.
        ...wsDocumentCache(() => schemaHost.schema, limits, { introspection: !production }),
        // An event sent to many subscriptions of one member with the same operation is executed once.
        subscribe: sharedSubscriptionExecution(viewerOf),
        // No connection_init within 3 s closes the socket with 4408.
        connectionInitWaitTimeout: 3000,
        // A bad token closes the socket with 4403 before any operation runs; once its token is rotated or
        // revoked, or its member leaves, within seconds (SignedInSockets).
        onConnect: releasingUpgradeRequest(recordingClientIp(config.trustProxyHops, watchingSignedInSockets(sockets, onConnectFactory(directory)))) as never,
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
