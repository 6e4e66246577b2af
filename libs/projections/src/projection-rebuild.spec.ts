import type { SqliteEventStore } from '@accord/event-store';
import { events, freshStream } from '@accord/event-store/testing/fixtures';
import { projectFresh } from './fresh-projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { deferredIndexes, type Logger } from './projection-worker';
import { diffSnapshots, snapshotReadModels } from './read-model-snapshot';
import { readRebuildMarkers } from './rebuild-markers';
import { describeEachReadStore, openTempStores, type TempStores } from './testing/temp-read-store';
import { ledgerProjection, streamSummaryProjection } from './testing/test-projections';
import type { Projection, ReadStore, RebuildProgress } from './types';

const quiet: Logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const projections = [ledgerProjection, streamSummaryProjection];

describeEachReadStore('ProjectionRunner rebuilds that are interrupted', (kind) => {
  let temp: TempStores;
  let store: SqliteEventStore;
  let readStore: ReadStore;
  const runners: ProjectionRunner[] = [];

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-rebuild-');
    ({ store, readStore } = temp);
    if (readStore.managedSchema) {
      await readStore.transaction(async (tx) => {
        for (const ddl of projections.flatMap((p) => p.schema)) await tx.run(ddl);
      });
    }
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await temp.close();
  });

  /** A runner as a new process would have it: nothing in memory but what the read store says. */
  function newRunner(options: ProjectionRunnerOptions = {}): ProjectionRunner {
    const runner = new ProjectionRunner(store, readStore, projections, { logger: quiet, rebuildBatchSize: 10, ...options });
    runners.push(runner);
    return runner;
  }

  async function appendLog(): Promise<number> {
    let head = 0;
    for (let i = 0; i < 12; i++) head = (await store.append(freshStream(), events(10, i % 3 === 0 ? 'Other' : 'SomethingHappened'), { expectedRevision: 'no_stream' })).position;
    return head;
  }

  /** The read models after incremental projection by a running runner. */
  async function incremental(head: number) {
    const runner = newRunner();
    await runner.start();
    await runner.waitFor(head, { timeoutMs: 5000 });
    await runner.stop();
    return snapshotReadModels(readStore, projections);
  }

  const markers = () => readStore.read(readRebuildMarkers);

  describe('when the process dies in the middle', () => {
    it('leaves the rebuild marked unfinished, and a resumed rebuild continues from the checkpoint to the same rows', async () => {
      const head = await appendLog();
      const expected = await incremental(head);

      // A fence that fails on the fifth batch stands for the process dying there: nothing of that batch commits.
      let batches = 0;
      const dying = newRunner({
        fence: async () => {
          if (++batches === 5) throw new Error('killed');
        },
      });
      await expect(dying.rebuild()).rejects.toThrow('killed');
      expect(await markers()).toEqual([
        { projection: 'ledger', target: head, startedAt: expect.any(String) },
        { projection: 'stream-summary', target: head, startedAt: expect.any(String) },
      ]);
      const partial = await snapshotReadModels(readStore, projections);
      expect(diffSnapshots(expected, partial)).not.toEqual([]);

      const next = newRunner();
      const unfinished = await next.unfinishedRebuilds();
      expect(unfinished.map((m) => m.projection)).toEqual(['ledger', 'stream-summary']);
      const checkpoints = Object.fromEntries(next.status().map((s) => [s.name, s.checkpoint]));
      expect(checkpoints.ledger).toBeGreaterThan(0);
      expect(checkpoints.ledger).toBeLessThan(head);
      expect(next.status()[0].rebuild).toEqual({ target: head, startedAt: unfinished[0].startedAt });

      const progress: RebuildProgress[] = [];
      const result = await next.rebuild(undefined, (p) => progress.push(p), { resume: true });
      const from = Math.min(checkpoints.ledger, checkpoints['stream-summary']);
      expect(result).toMatchObject({
        resumed: [
          { projection: 'ledger', from: checkpoints.ledger, target: head },
          { projection: 'stream-summary', from: checkpoints['stream-summary'], target: head },
        ],
        from,
        head,
        eventsRead: head - from,
        completed: true,
      });
      expect(progress[0]).toMatchObject({ from, head });
      expect(diffSnapshots(expected, await snapshotReadModels(readStore, projections))).toEqual([]);
      expect(await markers()).toEqual([]);
      expect(next.status().map((s) => s.rebuild)).toEqual([undefined, undefined]);
    });

    it('starts again from 0 without resume, and equals projecting the log afresh', async () => {
      const head = await appendLog();
      await incremental(head);
      const controller = new AbortController();
      const stopped = await newRunner().rebuild(['ledger'], (p) => p.position >= 30 && controller.abort(), { signal: controller.signal });
      expect(stopped).toMatchObject({ completed: false, projections: ['ledger'] });
      expect((await markers()).map((m) => m.projection)).toEqual(['ledger']);

      const restarted = await newRunner().rebuild(['ledger']);
      expect(restarted).toMatchObject({ resumed: [], from: 0, eventsRead: head, completed: true });
      const fresh = await projectFresh(store, projections);
      try {
        expect(diffSnapshots(await snapshotReadModels(fresh, projections), await snapshotReadModels(readStore, projections))).toEqual([]);
      } finally {
        await fresh.close();
      }
      expect(await markers()).toEqual([]);
    });
  });

  describe('when a runner starts while a rebuild is unfinished', () => {
    it('continues the projection from its checkpoint and finishes the rebuild itself', async () => {
      const head = await appendLog();
      const expected = await incremental(head);
      const controller = new AbortController();
      await newRunner().rebuild(undefined, (p) => p.position >= 40 && controller.abort(), { signal: controller.signal });
      expect(await markers()).toHaveLength(2);

      const server = newRunner();
      await server.start();
      await server.waitFor(head, { timeoutMs: 5000 });
      expect(diffSnapshots(expected, await snapshotReadModels(readStore, projections))).toEqual([]);
      expect(await markers()).toEqual([]);
      expect(await server.unfinishedRebuilds()).toEqual([]);
    });
  });

  describe('when the log is empty', () => {
    it('finishes at once and leaves no marker', async () => {
      const result = await newRunner().rebuild();
      expect(result).toMatchObject({ from: 0, head: 0, eventsRead: 0, completed: true });
      expect(await markers()).toEqual([]);
    });
  });
});

describe('ProjectionRunner.rebuild', () => {
  it('refuses an unknown projection before touching anything', async () => {
    const temp = await openTempStores('sqlite');
    try {
      const runner = new ProjectionRunner(temp.store, temp.readStore, projections as Projection[], { logger: quiet });
      await expect(runner.rebuild(['ledger', 'nope'])).rejects.toThrow('no projection named nope; known: ledger, stream-summary');
      expect(await temp.readStore.read(readRebuildMarkers)).toEqual([]);
    } finally {
      await temp.close();
    }
  });
});

describe('a rebuild from 0 on SQLite', () => {
  const indexed: Projection = {
    ...ledgerProjection,
    schema: [...ledgerProjection.schema, 'CREATE INDEX IF NOT EXISTS ledger_stream ON ledger (stream, position)', 'CREATE UNIQUE INDEX IF NOT EXISTS ledger_position ON ledger (position)'],
  };
  const indexes = (temp: TempStores) => temp.readStore.read((tx) => tx.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ledger' ORDER BY name"));

  it('drops the plain indexes while it runs (unique ones stay) and creates them again in the batch that ends it, also when resumed', async () => {
    const temp = await openTempStores('sqlite');
    try {
      for (let i = 0; i < 5; i++) await temp.store.append(freshStream(), events(10), { expectedRevision: 'no_stream' });
      const runner = new ProjectionRunner(temp.store, temp.readStore, [indexed], { logger: quiet, rebuildBatchSize: 10 });
      await runner.unfinishedRebuilds(); // creates the tables and indexes
      expect(await indexes(temp)).toEqual([{ name: 'ledger_position' }, { name: 'ledger_stream' }]);
      const controller = new AbortController();
      const stopped = await runner.rebuild(undefined, () => controller.abort(), { signal: controller.signal });
      expect(stopped.completed).toBe(false);
      expect(await indexes(temp)).toEqual([{ name: 'ledger_position' }]);

      const resumed = await new ProjectionRunner(temp.store, temp.readStore, [indexed], { logger: quiet, rebuildBatchSize: 10 }).rebuild(undefined, undefined, { resume: true });
      expect(resumed.completed).toBe(true);
      expect(await indexes(temp)).toEqual([{ name: 'ledger_position' }, { name: 'ledger_stream' }]);
      const plan = await temp.readStore.read((tx) => tx.all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT * FROM ledger WHERE stream = ? ORDER BY position', ['s']));
      expect(plan.map((row) => row.detail).join(' ')).toContain('ledger_stream');
    } finally {
      await temp.close();
    }
  });
});

describe('a rebuild on SQLite (WAL)', () => {
  it('commits with synchronous=NORMAL and rarer checkpoints while it runs, and restores the connection settings after', async () => {
    const temp = await openTempStores('sqlite');
    try {
      const db = temp.store.connection.db;
      for (let i = 0; i < 3; i++) await temp.store.append(freshStream(), events(10), { expectedRevision: 'no_stream' });
      const seen: Array<[unknown, unknown]> = [];
      const runner = new ProjectionRunner(temp.store, temp.readStore, projections, { logger: quiet, rebuildBatchSize: 10 });
      await runner.rebuild(undefined, () => seen.push([db.pragma('synchronous', { simple: true }), db.pragma('wal_autocheckpoint', { simple: true })]));
      expect(seen.length).toBeGreaterThan(0);
      for (const settings of seen) expect(settings).toEqual([1, 10_000]);
      expect([db.pragma('synchronous', { simple: true }), db.pragma('wal_autocheckpoint', { simple: true })]).toEqual([2, 1000]);
    } finally {
      await temp.close();
    }
  });
});

describe('deferredIndexes', () => {
  it('lists the plain indexes of a projection, not its tables or unique indexes', () => {
    expect(
      deferredIndexes([
        'CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, a TEXT, b TEXT)',
        'CREATE INDEX IF NOT EXISTS t_a ON t (a, id)',
        'CREATE UNIQUE INDEX IF NOT EXISTS t_b ON t (b)',
        '  create index if not exists t_ab on t (a, b)',
      ]),
    ).toEqual([
      { name: 't_a', ddl: 'CREATE INDEX IF NOT EXISTS t_a ON t (a, id)' },
      { name: 't_ab', ddl: '  create index if not exists t_ab on t (a, b)' },
    ]);
  });
});
