import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@accord/platform';

export { ManualClock } from '@accord/platform';
import { loadConfig, RATE_LIMITS_OFF, type Environment } from '../../apps/api/src/config/load-config';
import { createApp } from '../../apps/api/src/create-app';
import { listen } from '../../apps/api/src/startup/listen';

export interface ApiServer {
  app: INestApplication;
  httpUrl: string;
  wsUrl: string;
  /** The SQLite file the server runs on. */
  dataFile: string;
  /** Stops the server and starts a new one on the same file (and clock). */
  restart(): Promise<ApiServer>;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

export interface ApiServerOptions {
  /** Replaces the system clock: tests that need weeks to pass. */
  clock?: Clock;
}

/** The real API on a free port over a fresh SQLite file; `env` adds to or overrides the variables (rate limits are off unless `env` sets them). */
export async function startApiServer(env: Environment = {}, options: ApiServerOptions = {}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  return startOn(dir, env, options);
}

async function startOn(dir: string, env: Environment, options: ApiServerOptions): Promise<ApiServer> {
  const dataFile = join(dir, 'accord.db');
  const config = loadConfig({ ACCORD_EVENT_STORE: `sqlite:${dataFile}`, ...RATE_LIMITS_OFF, ...env, PORT: '0' });
  const app = await createApp(config, { logger: ['error', 'warn'], clock: options.clock });
  const port = await listen(app, 0);
  return {
    app,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    dataFile,
    restart: async () => {
      await app.close();
      return startOn(dir, env, options);
    },
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a GraphQL operation and returns the parsed body. */
export async function postGraphql<Data = Record<string, unknown>>(
  server: ApiServer,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<{ data?: Data; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${server.httpUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as never;
}
