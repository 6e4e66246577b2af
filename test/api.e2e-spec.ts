import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { EventStore } from '@accord/event-store';
import { EVENT_STORE } from '../apps/api/src/store/tokens';
import { postGraphql, startApiServer, type ApiServer } from './support/api-server';

function someEvent() {
  return { id: randomUUID(), type: 'SomethingHappened', data: {}, metadata: { actor: 'system', firmId: 'f-1', occurredAt: '2026-01-01T00:00:00Z' } };
}

describe('the API server', () => {
  let server: ApiServer;
  let store: EventStore;

  beforeAll(async () => {
    server = await startApiServer();
    store = server.app.get<EventStore>(EVENT_STORE);
  });

  afterAll(async () => {
    await server.close();
  });

  describe('GET /health', () => {
    it('answers 200 with the store, its head, the projections and the process managers', async () => {
      const response = await fetch(`${server.httpUrl}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { projections: { name: string }[]; processManagers: { name: string }[] };
      expect(body).toEqual({
        status: 'ok',
        store: 'sqlite',
        headPosition: expect.any(Number),
        projections: expect.any(Array),
        processManagers: expect.any(Array),
      });
      expect(body.projections.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['firms', 'checks', 'disagreements', 'decisions']));
      expect(body.processManagers.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['reveal-when-answered', 'decision-locked']));
    });
  });

  describe('POST /graphql', () => {
    it('answers serverStatus with the head position', async () => {
      await store.append(`test-${randomUUID()}`, [someEvent()], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const result = await postGraphql(server, '{ serverStatus { headPosition projections { name state checkpoint } } }');
      expect(result).toEqual({ data: { serverStatus: { headPosition: head, projections: expect.any(Array) } } });
    });

    it('reports a bad query as a GraphQL error', async () => {
      const result = await postGraphql(server, '{ noSuchField }');
      expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('GET /graphql from a browser', () => {
    it('serves the explorer without any CDN', async () => {
      const response = await fetch(`${server.httpUrl}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<form');
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    });
  });

  describe('the globalPosition subscription over graphql-ws', () => {
    let client: Client;

    beforeEach(() => {
      client = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
    });

    afterEach(async () => {
      await client.dispose();
    });

    it('delivers the position of each event appended after the given one', async () => {
      const after = await store.headPosition();
      const positions = client.iterate<{ globalPosition: number }>({
        query: 'subscription ($after: Int) { globalPosition(afterPosition: $after) }',
        variables: { after },
      });
      const stream = `test-${randomUUID()}`;
      const first = await store.append(stream, [someEvent()], { expectedRevision: 'no_stream' });
      const second = await store.append(stream, [someEvent()], { expectedRevision: first.nextExpectedRevision });

      const received: number[] = [];
      for await (const result of positions) {
        received.push(result.data!.globalPosition);
        if (received.length === 2) break;
      }
      expect(received).toEqual([first.position, second.position]);
    });

    it('delivers live events once subscribed from the head', async () => {
      const before = await store.headPosition();
      const delivered = new Promise<number>((resolve, reject) => {
        client.subscribe<{ globalPosition: number }>(
          { query: 'subscription { globalPosition }' },
          { next: (result) => resolve(result.data!.globalPosition), error: reject, complete: () => reject(new Error('completed early')) },
        );
      });
      // The server reads the head when the subscription starts, which the client cannot observe: append until one arrives.
      const appending = setInterval(() => void store.append(`test-${randomUUID()}`, [someEvent()], { expectedRevision: 'no_stream' }), 50);
      try {
        expect(await delivered).toBeGreaterThan(before);
      } finally {
        clearInterval(appending);
      }
    });
  });
});

describe('the API server, once closed', () => {
  it('has closed its event store', async () => {
    const server = await startApiServer();
    const store = server.app.get<EventStore>(EVENT_STORE);
    await server.close();
    await expect(store.headPosition()).rejects.toThrow(/closed/);
  });
});
