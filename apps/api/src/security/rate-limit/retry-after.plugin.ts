import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/**
 * Over HTTP a response refused by a rate limit carries `Retry-After` (the longest wait among its
 * errors). When nothing ran at all (no data, only TOO_MANY_REQUESTS errors) the status is 429, so
 * proxies and HTTP clients see the throttle too; a partly executed operation keeps 200 with its data.
 */
export function retryAfterPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors } = response.body.singleResult;
          const waits = (errors ?? []).filter((error) => error.extensions?.code === 'TOO_MANY_REQUESTS').map((error) => Number(error.extensions?.retryAfterSeconds) || 1);
          if (waits.length === 0) return;
          response.http.headers.set('retry-after', String(Math.max(...waits)));
          // Needs `preserveHttpStatusForExecutionErrors: false`, or Nest's driver resets it to 200.
          if (response.body.singleResult.data == null && waits.length === errors?.length) response.http.status = 429;
        },
      };
    },
  };
}
