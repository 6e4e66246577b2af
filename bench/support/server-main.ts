/**
 * The API server in a child process of a benchmark (see bench-server.ts): configured by the
 * environment like `npm start`, listening on a free port, and answering the parent over IPC with
 * its memory after a full garbage collection (run with --expose-gc), so a benchmark can measure the
 * server's heap without putting a debug endpoint into the product.
 */
import 'reflect-metadata';
import { loadConfig } from '../../apps/api/src/config/load-config';
import { createApp } from '../../apps/api/src/create-app';
import { listen } from '../../apps/api/src/startup/listen';

export type ServerRequest = { type: 'memory' } | { type: 'stop' };
export type ServerReply =
  | { type: 'listening'; port: number }
  | { type: 'memory'; heapUsed: number; rss: number; external: number }
  | { type: 'failed'; error: string };

function send(reply: ServerReply): void {
  process.send?.(reply);
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0' });
  const app = await createApp(config, { logger: ['error', 'warn'] });
  const port = await listen(app, 0);
  process.on('message', (request: ServerRequest) => {
    if (request.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      // Two passes: the first may only move objects with finalizers to the second.
      gc?.();
      gc?.();
      const { heapUsed, rss, external } = process.memoryUsage();
      send({ type: 'memory', heapUsed, rss, external });
    } else if (request.type === 'stop') {
      app.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
  send({ type: 'listening', port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
