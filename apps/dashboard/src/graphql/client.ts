import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** The same origin serves the page and the API, so neither CORS nor a configured URL is needed. */
export function graphqlHttpUrl(): string {
  return `${location.origin}/graphql`;
}

export function graphqlWsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

export interface AccordClients {
  client: Client;
  ws: WsClient;
}

/**
 * One urql client per signed-in token: queries and mutations over HTTP with `Authorization: Bearer`,
 * subscriptions over graphql-ws with the token in `connectionParams`. The socket reconnects for ever;
 * feeds that must not miss events resume from their own last position (live/resumable-subscription.ts).
 */
export function createClients(token: string, onUnauthenticated: () => void): AccordClients {
  const ws = createWsClient({
    url: graphqlWsUrl(),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !(isCloseEvent(event) && (event.code === 4403 || event.code === 4401)),
    on: {
      closed: (event) => {
        if (isCloseEvent(event) && (event.code === 4403 || event.code === 4401)) onUnauthenticated();
      },
    },
  });
  const client = new Client({
    url: graphqlHttpUrl(),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    ],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    requestPolicy: 'cache-and-network',
    // POST for queries too: Apollo's CSRF guard refuses header-less GETs, and tokens stay out of URLs' logs.
    preferGetMethod: false,
  });
  return { client, ws };
}

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && 'code' in event && typeof (event as { code: unknown }).code === 'number';
}
