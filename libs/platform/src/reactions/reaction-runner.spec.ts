import { randomUUID } from 'node:crypto';
import type { SqliteEventStore, RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';
import type { ProcessManager } from './process-manager';
import { ReactionRunner } from './reaction-runner';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const event = (type: string) => ({ id: randomUUID(), type, data: {}, metadata: { actor: 'm-1', firmId: 'f-1', occurredAt: '2026-11-24T10:00:00Z' } });

function recorder(failTimes = 0): ProcessManager & { seen: number[] } {
  let failures = failTimes;
  const seen: number[] = [];
  return {
    name: 'recorder',
    handles: ['Asked'],
    seen,
    react: async (e: RecordedEvent) => {
      if (failures-- > 0) throw new Error('not yet');
      seen.push(e.position);
    },
  };
}

describeEachReadStore('ReactionRunner', (kind) => {
  let temp: TempStores;
  let store: SqliteEventStore;
  let readStore: ReadStore;
  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-reactions-');
    ({ store, readStore } = temp);
  });
  afterEach(() => temp.close());

  it('reacts to the event types it handles, and waitFor resolves once it has', async () => {
    const manager = recorder();
    const runner = new ReactionRunner(store, readStore, [manager], quiet);
    await runner.start();
    await store.append('s-1', [event('Asked'), event('Ignored'), event('Asked')], { expectedRevision: 'no_stream' });
    await runner.waitFor(3);
    expect(manager.seen).toEqual([1, 3]);
    await runner.stop();
  });

  describe('after a restart', () => {
    it('goes on from its checkpoint without reacting twice', async () => {
      const first = recorder();
      const runner = new ReactionRunner(store, readStore, [first], quiet);
      await runner.start();
      await store.append('s-1', [event('Asked')], { expectedRevision: 'no_stream' });
      await runner.waitFor(1);
      await runner.stop();

      await store.append('s-1', [event('Asked')], { expectedRevision: 0 });
      const second = recorder();
      const restarted = new ReactionRunner(store, readStore, [second], quiet);
      await restarted.start();
      await restarted.waitFor(2);
      expect(second.seen).toEqual([2]);
      await restarted.stop();
    });
  });

  describe('when a reaction fails', () => {
    it('retries it with backoff, reports it meanwhile, and then goes on', async () => {
      const manager = recorder(2);
      const runner = new ReactionRunner(store, readStore, [manager], quiet, { initialMs: 20, maxMs: 20 });
      await runner.start();
      await store.append('s-1', [event('Asked')], { expectedRevision: 'no_stream' });
      await new Promise((r) => setTimeout(r, 10));
      expect(runner.health()).toEqual({ ok: false, reasons: [expect.stringMatching(/recorder failing at position 1 \(Asked\), attempt 1: not yet/)] });
      await runner.waitFor(1);
      expect(manager.seen).toEqual([1]);
      expect(runner.health().ok).toBe(true);
      await runner.stop();
    });
  });

  it('rejects waitFor when the position is not reached in time', async () => {
    const runner = new ReactionRunner(store, readStore, [recorder()], quiet);
    await runner.start();
    await expect(runner.waitFor(5, 50)).rejects.toThrow(/process managers at 0/);
    await runner.stop();
  });
});
