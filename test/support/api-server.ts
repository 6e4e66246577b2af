import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type Environment } from '../../apps/api/src/config/load-config';
import { createApp } from '../../apps/api/src/create-app';
import { listen } from '../../apps/api/src/startup/listen';

export interface ApiServer {
  app: INestApplication;
  httpUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** The real API on a free port over a fresh SQLite file; `env` adds to or overrides the variables. */
export async function startApiServer(env: Environment = {}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  const config = loadConfig({ ACCORD_EVENT_STORE: `sqlite:${join(dir, 'accord.db')}`, ...env, PORT: '0' });
  const app = await createApp(config, { logger: ['error', 'warn'] });
  const port = await listen(app, 0);
  return {
    app,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
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
