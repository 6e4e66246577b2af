import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@accord/event-store';
import { ProjectionRunner, SqliteReadStore, type Projection } from '@accord/projections';
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

function poisonedEvent() {
  return { id: randomUUID(), type: 'Poisoned', data: {}, metadata: { actor: 'system', firmId: 'f-1', occurredAt: '2026-01-01T00:00:00Z' } };
}

describe('HealthService', () => {
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let health: HealthService;

  beforeEach(() => {
    store = SqliteEventStore.open({ path: ':memory:' });
    runner = new ProjectionRunner(store, new SqliteReadStore(store.connection), [failingProjection], {
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
      retry: { initialMs: 10, maxMs: 10 },
    });
    health = new HealthService(store, runner, { eventStore: { url: 'sqlite::memory:', location: { kind: 'sqlite', path: ':memory:' }, synchronous: 'FULL' } });
  });

  afterEach(async () => {
    await runner.stop();
    await store.close();
  });

  describe('before the projections start', () => {
    it('is unavailable', async () => {
      expect(await health.check()).toEqual({ status: 'unavailable', reasons: [expect.stringContaining('not running')] });
    });
  });

  describe('when the projections run', () => {
    it('is ok and lists them', async () => {
      await runner.start();
      expect(await health.check()).toEqual({
        status: 'ok',
        store: 'sqlite',
        headPosition: 0,
        projections: [expect.objectContaining({ name: 'always-fails', checkpoint: 0 })],
      });
    });
  });

  describe('when a projection fails', () => {
    it('is unavailable, naming the projection and the position', async () => {
      await store.append('firm-1', [poisonedEvent()], { expectedRevision: 'no_stream' });
      await runner.start();
      await waitUntil(() => runner.status()[0].state === 'failing');
      expect(await health.check()).toEqual({ status: 'unavailable', reasons: [expect.stringMatching(/always-fails.*position 1/)] });
    });
  });

  describe('when the event store is closed', () => {
    it('is unavailable', async () => {
      await runner.start();
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
