import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@accord/platform';
import { dropPgSchema, freshPgUrl, testRedisUrl } from '@accord/event-store/testing/services';
import { GraphqlClient } from '../../apps/demo/src/graphql-client';
import { loadConfig, type Environment } from '../../apps/api/src/config/load-config';
import { listen } from '../../apps/api/src/startup/listen';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { startApiServer, type ApiServer } from './api-server';

/** Sends each request to the next instance in turn, as a round-robin load balancer would. */
export class RoundRobinClient extends GraphqlClient {
  private next = 0;
  constructor(private readonly clients: GraphqlClient[]) {
    super(clients[0].url);
  }

  override request<Data = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Data> {
    const client = this.clients[this.next++ % this.clients.length];
    return client.request<Data>(query, variables, token);
  }
}

/** Accord as a deployment runs it, for the end-to-end story: where to send requests and subscribe, and how to restart it. */
export interface Deployment {
  client: GraphqlClient;
  /** Where a dashboard subscribes (the last API instance, so it is not where the writes arrive first). */
  wsUrl: string;
  /** Stops every process of the deployment and starts it again on the same stores. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The separate projector (apps/projector), in this process, on the same clock as the APIs. */
export async function startProjector(env: Environment, clock?: Clock): Promise<INestApplication> {
  const app = await NestFactory.create(ProjectorModule.forRoot(loadConfig({ ...env, PORT: '0' }, 'projector'), clock), { logger: ['error', 'warn'], abortOnError: false });
  await app.init();
  await listen(app, 0);
  return app;
}

async function fromServers(servers: ApiServer[], extra: { restartOthers?: () => Promise<void>; closeOthers?: () => Promise<void> } = {}): Promise<Deployment> {
  let current = servers;
  const deployment: Deployment = {
    client: clientOf(current),
    wsUrl: current[current.length - 1].wsUrl,
    restart: async () => {
      await extra.restartOthers?.();
      const restarted: ApiServer[] = [];
      for (const server of current) restarted.push(await server.restart());
      current = restarted;
      deployment.client = clientOf(current);
      deployment.wsUrl = current[current.length - 1].wsUrl;
    },
    close: async () => {
      for (const server of current) await server.close();
      await extra.closeOthers?.();
    },
  };
  return deployment;
}

function clientOf(servers: ApiServer[]): GraphqlClient {
  const clients = servers.map((s) => new GraphqlClient(`${s.httpUrl}/graphql`));
  return clients.length === 1 ? clients[0] : new RoundRobinClient(clients);
}

/** One API on an embedded SQLite file: the default. */
export async function embedded(clock: Clock): Promise<Deployment> {
  return fromServers([await startApiServer({}, { clock })]);
}

/** One API with its events and read models in two fresh PostgreSQL schemas. */
export async function onPostgres(clock: Clock): Promise<Deployment> {
  const env = { ACCORD_EVENT_STORE: freshPgUrl('accord_events'), ACCORD_READ_STORE: freshPgUrl('accord_read') };
  return fromServers([await startApiServer(env, { clock })], { closeOthers: () => dropSchemas(env) });
}

/**
 * Two API instances (ACCORD_PROJECTOR=external) and a separate projector, sharing PostgreSQL and a
 * Redis channel of their own. They share nothing else: no object passes between them but the clock.
 */
export async function scaledOut(clock: Clock): Promise<Deployment> {
  const env = {
    ACCORD_EVENT_STORE: freshPgUrl('accord_events'),
    ACCORD_READ_STORE: freshPgUrl('accord_read'),
    REDIS_URL: testRedisUrl(),
    ACCORD_LIVE_CHANNEL: `accord:test:${Date.now()}:${Math.random()}`,
  };
  let projector = await startProjector(env, clock);
  const api = { ...env, ACCORD_PROJECTOR: 'external' };
  const servers = [await startApiServer(api, { clock }), await startApiServer(api, { clock })];
  return fromServers(servers, {
    restartOthers: async () => {
      await projector.close();
      projector = await startProjector(env, clock);
    },
    closeOthers: async () => {
      await projector.close();
      await dropSchemas(env);
    },
  });
}

async function dropSchemas(env: { ACCORD_EVENT_STORE: string; ACCORD_READ_STORE: string }): Promise<void> {
  await dropPgSchema(env.ACCORD_EVENT_STORE);
  await dropPgSchema(env.ACCORD_READ_STORE);
}
