import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@accord/event-store';
import { ProjectionRunner, SqliteReadStore, type Projection } from '@accord/projections';
import { ReactionRunner, type ProcessManager } from '@accord/platform';
import { HealthService } from './health.service';

const failingProjection: Projection = {
  name: 'always-fails',
  handles: ['Poisoned'],
  schema: [],
  tables: [],
  handle: async () => {
    throw new Error('cannot apply');
  },
};

const failingManager: ProcessManager = {
  name: 'never-reacts',
  handles: ['Unreactable'],
  react: async () => {
    throw new Error('cannot react');
  },
};

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

function poisonedEvent(type = 'Poisoned') {
  return { id: randomUUID(), type, data: {}, metadata: { actor: 'system', firmId: 'f-1', occurredAt: '2026-01-01T00:00:00Z' } };
}

describe('HealthService', () => {
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let reactions: ReactionRunner;
  let health: HealthService;

  beforeEach(() => {
    store = SqliteEventStore.open({ path: ':memory:' });
    const readStore = new SqliteReadStore(store.connection);
    reactions = new ReactionRunner(store, readStore, [failingManager], quiet, { initialMs: 10, maxMs: 10 });
    runner = new ProjectionRunner(store, readStore, [failingProjection], {
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      retry: { initialMs: 10, maxMs: 10 },
      maxAttempts: 1000,
    });
    health = new HealthService(store, runner, { eventStore: { url: 'sqlite::memory:', location: { kind: 'sqlite', path: ':memory:' }, synchronous: 'FULL' } }, reactions);
  });

  afterEach(async () => {
    await reactions.stop();
    await runner.stop();
    await store.close();
  });

  describe('before the projections start', () => {
    it('is unavailable', async () => {
      expect(await health.check()).toEqual({
        status: 'unavailable',
        reasons: ['projections are not running', 'process managers are not running'],
      });
    });
  });

  describe('when the projections run', () => {
    it('is ok and lists them', async () => {
      await runner.start();
      await reactions.start();
      expect(await health.check()).toEqual({
        status: 'ok',
        store: 'sqlite',
        headPosition: 0,
        projections: [expect.objectContaining({ name: 'always-fails', checkpoint: 0 })],
        processManagers: [{ name: 'never-reacts', position: 0, failing: undefined }],
      });
    });
  });

  describe('when a process manager fails', () => {
    it('is unavailable, naming it and the position', async () => {
      await store.append('firm-1', [poisonedEvent('Unreactable')], { expectedRevision: 'no_stream' });
      await runner.start();
      await reactions.start();
      await waitUntil(() => reactions.status()[0].failing !== undefined);
      expect(await health.check()).toEqual({ status: 'unavailable', reasons: [expect.stringMatching(/never-reacts failing at position 1 \(Unreactable\)/)] });
    });
  });

  describe('when a projection fails', () => {
    it('is unavailable, naming the projection and the position', async () => {
      await store.append('firm-1', [poisonedEvent()], { expectedRevision: 'no_stream' });
      await runner.start();
      await reactions.start();
      await waitUntil(() => runner.status()[0].state === 'failing');
      expect(await health.check()).toEqual({ status: 'unavailable', reasons: [expect.stringMatching(/always-fails.*position 1/)] });
    });
  });

  describe('when a projection passed over a poison event', () => {
    it('is degraded but serving, listing the event', async () => {
      const poisoned = poisonedEvent();
      await store.append('firm-1', [poisoned], { expectedRevision: 'no_stream' });
      const readStore = new SqliteReadStore(store.connection);
      const giveUp = new ProjectionRunner(store, readStore, [failingProjection], { logger: quiet, retry: { initialMs: 1, maxMs: 1 }, maxAttempts: 2 });
      await giveUp.start();
      await reactions.start();
      try {
        await giveUp.waitFor(1, { timeoutMs: 5000 });
        await waitUntil(() => giveUp.status()[0].state === 'live');
        const degraded = new HealthService(store, giveUp, { eventStore: { url: 'sqlite::memory:', location: { kind: 'sqlite', path: ':memory:' }, synchronous: 'FULL' } }, reactions);
        const poison = { projection: 'always-fails', position: 1, eventId: poisoned.id, stream: 'firm-1', revision: 0, type: 'Poisoned', error: 'cannot apply', attempts: 2, recordedAt: expect.any(String) };
        expect(await degraded.check()).toEqual({
          status: 'degraded',
          store: 'sqlite',
          headPosition: 1,
          projections: [{ name: 'always-fails', state: 'live', checkpoint: 1, poisoned: 1 }],
          processManagers: [{ name: 'never-reacts', position: 1, failing: undefined }],
          warnings: [`projection always-fails passed over event ${poisoned.id} at position 1 (Poisoned, firm-1@0) after 2 failed attempts: cannot apply`],
          poisonEvents: [poison],
        });
      } finally {
        await giveUp.stop();
      }
    });
  });

  describe('when the event store is closed', () => {
    it('is unavailable', async () => {
      await runner.start();
      await reactions.start();
      await store.close();
      const report = await health.check();
      expect(report).toEqual({ status: 'unavailable', reasons: expect.arrayContaining(['event store: event store is closed']) });
    });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
