import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SqliteEventStore } from '@accord/event-store';
import { listeningPort, spawnApi, untilExit, type Exit } from './support/run-api-process';

function expectConfigError(exit: Exit, variable: string): void {
  expect(exit.code).toBe(2);
  expect(exit.stderr).toMatch(new RegExp(`^accord: ${variable}: [^\\n]+\\n$`));
  expect(exit.stderr).not.toContain('    at ');
}

describe('starting the server', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'accord-startup-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('with a bad setting', () => {
    it('names an unknown event store scheme in one line and exits 2', async () => {
      expectConfigError(await untilExit(spawnApi({ ACCORD_EVENT_STORE: 'mysql://x' })), 'ACCORD_EVENT_STORE');
    });

    it('names an event store path it cannot write in one line and exits 2', async () => {
      // A path under a regular file cannot be created even by root.
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      expectConfigError(await untilExit(spawnApi({ ACCORD_EVENT_STORE: `sqlite:${file}/accord.db` })), 'ACCORD_EVENT_STORE');
    });

    it('names a read store it does not support', async () => {
      const exit = await untilExit(spawnApi({ ACCORD_EVENT_STORE: `sqlite:${join(dir, 'read.db')}`, ACCORD_READ_STORE: 'mysql://db/read' }));
      expectConfigError(exit, 'ACCORD_READ_STORE');
    });

    it('names a PostgreSQL read store it cannot reach, without its password', async () => {
      const exit = await untilExit(spawnApi({ ACCORD_EVENT_STORE: `sqlite:${join(dir, 'read.db')}`, ACCORD_READ_STORE: 'postgres://accord:secret@127.0.0.1:1/read' }));
      expectConfigError(exit, 'ACCORD_READ_STORE');
      expect(exit.stderr).not.toContain('secret');
    });

    it('names a PostgreSQL event store it cannot reach', async () => {
      const exit = await untilExit(spawnApi({ ACCORD_EVENT_STORE: 'postgres://accord:secret@127.0.0.1:1/events', ACCORD_READ_STORE: 'postgres://127.0.0.1:1/read' }));
      expectConfigError(exit, 'ACCORD_EVENT_STORE');
      expect(exit.stderr).not.toContain('secret');
    });

    it('names ACCORD_READ_STORE when a server event store has no read store', async () => {
      expectConfigError(await untilExit(spawnApi({ ACCORD_EVENT_STORE: 'postgres://127.0.0.1:1/events' })), 'ACCORD_READ_STORE');
    });

    it('names a PORT that is not a number', async () => {
      expectConfigError(await untilExit(spawnApi({ ACCORD_EVENT_STORE: 'sqlite::memory:', PORT: 'abc' })), 'PORT');
    });

    describe('when the PORT is taken', () => {
      let taken: Server;

      beforeAll(async () => {
        taken = createServer();
        await new Promise<void>((resolve) => taken.listen(0, resolve));
      });

      afterAll(async () => {
        await new Promise((resolve) => taken.close(resolve));
      });

      it('names the PORT', async () => {
        const port = (taken.address() as { port: number }).port;
        const exit = await untilExit(spawnApi({ ACCORD_EVENT_STORE: `sqlite:${join(dir, 'taken.db')}`, PORT: String(port) }));
        expectConfigError(exit, 'PORT');
        expect(exit.stderr).toContain(String(port));
      });
    });
  });

  describe('with good settings', () => {
    it('serves, and on SIGTERM ends its subscriptions and exits 0', async () => {
      const path = join(dir, 'good.db');
      const store = SqliteEventStore.open({ path });
      await store.append('test-1', [{ id: randomUUID(), type: 'SomethingHappened', data: {}, metadata: { actor: 'system', firmId: 'f-1', occurredAt: '2026-01-01T00:00:00Z' } }], { expectedRevision: 'no_stream' });
      await store.close();

      const child = spawnApi({ ACCORD_EVENT_STORE: `sqlite:${path}`, PORT: '0' });
      const exited = untilExit(child);
      const port = await listeningPort(child);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      // Signal once the subscription is live on the server, i.e. has delivered the stored event.
      const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
      const ended = new Promise<string>((resolve) => {
        client.subscribe(
          { query: 'subscription { globalPosition(afterPosition: 0) }' },
          { next: () => child.kill('SIGTERM'), error: () => resolve('error'), complete: () => resolve('complete') },
        );
      });

      expect(await exited).toMatchObject({ code: 0, stderr: '' });
      expect(['error', 'complete']).toContain(await ended);
      await client.dispose();
    });
  });
});
