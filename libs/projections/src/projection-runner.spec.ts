import { SqliteEventStore, type RecordedEvent } from '@accord/event-store';
import { events, freshStream } from '@accord/event-store/testing/fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectionLagError } from './projection-errors';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import type { Logger } from './projection-worker';
import { SqliteReadStore } from './sqlite-read-store';
import { describeEachReadStore, openTempStores, type TempStores } from './testing/temp-read-store';
import { ledgerProjection, streamSummaryProjection } from './testing/test-projections';
import type { Projection, ReadStore, RebuildProgress } from './types';

class RecordingLogger implements Logger {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: string): void {
    this.errors.push(message);
  }
}

describeEachReadStore('ProjectionRunner', (kind) => {
  let temp: TempStores;
  let store: SqliteEventStore;
  let readStore: ReadStore;
  let runner: ProjectionRunner | undefined;

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-projections-');
    ({ store, readStore } = temp);
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await temp.close();
  });

  /** The runner with the test projections' tables, which no migration creates where migrations own the schema. */
  async function newRunner(projections: Projection[], options: ProjectionRunnerOptions = {}): Promise<ProjectionRunner> {
    if (readStore.managedSchema) {
      await readStore.transaction(async (tx) => {
        for (const ddl of projections.flatMap((p) => p.schema)) await tx.run(ddl);
      });
    }
    return new ProjectionRunner(store, readStore, projections, options);
  }

  async function startRunner(projections: Projection[], options: ProjectionRunnerOptions = {}): Promise<void> {
    runner = await newRunner(projections, { logger: new RecordingLogger(), ...options });
    await runner.start();
  }

  async function appendWaves(waves: number, streams: number, perAppend: number): Promise<number> {
    const names = Array.from({ length: streams }, () => freshStream());
    let last = 0;
    for (let wave = 0; wave < waves; wave++) {
      for (const name of names) {
        const type = wave % 2 === 0 ? 'SomethingHappened' : 'Other';
        last = (await store.append(name, events(perAppend, type), { expectedRevision: wave === 0 ? 'no_stream' : wave * perAppend - 1 })).position;
      }
    }
    return last;
  }

  const rows = (sql: string) => readStore.read((tx) => tx.all(sql));

  describe('when events are appended while it runs', () => {
    it('applies each handled event once and a mutation can wait for its own position', async () => {
      await startRunner([ledgerProjection, streamSummaryProjection], { batchSize: 7 });
      const head = await appendWaves(3, 10, 4);
      await runner!.waitFor(head, { timeoutMs: 5000 });
      expect(await rows('SELECT count(*) AS n, count(DISTINCT position) AS d FROM ledger')).toEqual([{ n: 120, d: 120 }]);
      expect(runner!.status().map((s) => [s.name, s.checkpoint])).toEqual([
        ['ledger', head],
        ['stream-summary', head],
      ]);
      expect(runner!.health()).toEqual({ ok: true, reasons: [] });
    });

    it('advances the checkpoint past events no projection handles', async () => {
      await startRunner([streamSummaryProjection]);
      const { position } = await store.append(freshStream(), events(3, 'Unrelated'), { expectedRevision: 'no_stream' });
      await runner!.waitFor(position, { timeoutMs: 2000 });
      expect(await rows('SELECT * FROM stream_summary')).toEqual([]);
    });
  });

  describe('when a projection is rebuilt', () => {
    it('produces exactly the same rows as incremental projection', async () => {
      await startRunner([ledgerProjection, streamSummaryProjection], { batchSize: 5, rebuildBatchSize: 13 });
      await appendWaves(2, 20, 3);
      await runner!.waitFor(await store.headPosition());
      await appendWaves(3, 15, 2);
      const head = await store.headPosition();
      await runner!.waitFor(head);
      const incremental = [await rows('SELECT * FROM ledger ORDER BY position, stream'), await rows('SELECT * FROM stream_summary ORDER BY stream')];

      const progress: RebuildProgress[] = [];
      const result = await runner!.rebuild(undefined, (p) => progress.push(p));
      const rebuilt = [await rows('SELECT * FROM ledger ORDER BY position, stream'), await rows('SELECT * FROM stream_summary ORDER BY stream')];

      expect(incremental[0]).toHaveLength(210);
      expect(rebuilt).toEqual(incremental);
      expect(progress.length).toBeGreaterThan(10);
      expect(progress.at(-1)).toMatchObject({ projections: ['ledger', 'stream-summary'], from: 0, position: head, head, eventsRead: head });
      expect(result).toMatchObject({ projections: ['ledger', 'stream-summary'], resumed: [], from: 0, head, eventsRead: head, completed: true, poisonEvents: [] });
      expect(await runner!.unfinishedRebuilds()).toEqual([]);
      expect(runner!.status().every((s) => s.checkpoint === head && s.state !== 'rebuilding')).toBe(true);
    });

    it('rebuilds without having been started, and keeps running afterwards when it was', async () => {
      await appendWaves(1, 5, 2);
      runner = await newRunner([ledgerProjection]);
      await runner.rebuild(['ledger']);
      expect(await rows('SELECT count(*) AS n FROM ledger')).toEqual([{ n: 10 }]);
      await runner.start();
      await runner.rebuild(['ledger']);
      const { position } = await store.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
      await runner.waitFor(position, { timeoutMs: 2000 });
      expect(await rows('SELECT count(*) AS n FROM ledger')).toEqual([{ n: 11 }]);
      await expect(runner.rebuild(['nope'])).rejects.toThrow(/no projection named nope/);
    });
  });

  describe('when rebuilds race start, stop and each other', () => {
    const ledgerCounts = () => rows('SELECT count(*) AS n, count(DISTINCT position) AS d FROM ledger');

    it('applies every event once when started during two concurrent rebuilds', async () => {
      const head = await appendWaves(4, 25, 2);
      runner = await newRunner([ledgerProjection], { logger: new RecordingLogger(), rebuildBatchSize: 10 });
      await Promise.all([runner.rebuild(), runner.start(), runner.rebuild()]);
      await runner.waitFor(head, { timeoutMs: 5000 });
      expect(await ledgerCounts()).toEqual([{ n: head, d: head }]);
    });

    it('leaves nothing running when stopped during a rebuild', async () => {
      const head = await appendWaves(4, 25, 2);
      await startRunner([ledgerProjection], { rebuildBatchSize: 10 });
      await Promise.all([runner!.rebuild(), runner!.stop()]);
      expect(runner!.status()).toEqual([{ name: 'ledger', state: 'stopped', checkpoint: head }]);
      await store.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
      await new Promise((r) => setTimeout(r, 300));
      expect(runner!.status()[0].checkpoint).toBe(head);
    });

    it('retries a handler that fails during a rebuild and finishes the rebuild', async () => {
      const head = await appendWaves(3, 20, 2);
      let failOnce = true;
      const fragile: Projection = {
        ...ledgerProjection,
        async handle(event, tx) {
          if (event.position === 30 && failOnce) {
            failOnce = false;
            throw new Error('transient');
          }
          await ledgerProjection.handle(event, tx);
        },
      };
      await startRunner([fragile], { rebuildBatchSize: 10, retry: { initialMs: 20, maxMs: 20 } });
      await runner!.waitFor(head);
      failOnce = true;
      await expect(runner!.rebuild()).resolves.toMatchObject({ completed: true, poisonEvents: [] });
      expect(failOnce).toBe(false);
      expect(await ledgerCounts()).toEqual([{ n: head, d: head }]);
      expect(runner!.health()).toEqual({ ok: true, reasons: [] });
    });

    it('rejects a rebuild that fails otherwise, then the running projection finishes it by itself', async () => {
      const head = await appendWaves(3, 20, 2);
      let fenceFailures = 0;
      let failFence = false;
      const fence = async () => {
        if (failFence && ++fenceFailures === 3) throw new Error('lease lost');
      };
      await startRunner([ledgerProjection], { rebuildBatchSize: 10, retry: { initialMs: 20, maxMs: 20 }, fence });
      await runner!.waitFor(head);
      failFence = true;
      await expect(runner!.rebuild()).rejects.toThrow(/lease lost/);
      await runner!.waitFor(head, { timeoutMs: 5000 });
      expect(await ledgerCounts()).toEqual([{ n: head, d: head }]);
      expect(runner!.status()[0]).not.toHaveProperty('rebuild');
      expect(await runner!.unfinishedRebuilds()).toEqual([]);
    });
  });

  describe('when a handler throws', () => {
    it('stops only its own projection, retries with backoff, is logged with the position, shows on health, and resumes', async () => {
      const logger = new RecordingLogger();
      let poisoned: RecordedEvent | undefined;
      let failuresLeft = 3;
      const flaky: Projection = {
        ...ledgerProjection,
        name: 'flaky',
        schema: ['CREATE TABLE IF NOT EXISTS flaky (position INTEGER NOT NULL)'],
        tables: ['flaky'],
        async handle(event, tx) {
          if (event.type === 'Poison' && failuresLeft > 0) {
            poisoned = event;
            failuresLeft--;
            throw new Error('cannot digest this');
          }
          await tx.run('INSERT INTO flaky (position) VALUES (?)', [event.position]);
        },
        handles: ['SomethingHappened', 'Poison'],
      };
      runner = await newRunner([flaky, streamSummaryProjection], { logger, batchSize: 50, retry: { initialMs: 100, maxMs: 400 } });
      await runner.start();
      const stream = freshStream();
      await store.append(stream, events(5), { expectedRevision: 'no_stream' });
      const { position: poisonAt } = await store.append(stream, events(1, 'Poison'), { expectedRevision: 4 });
      const { position: head } = await store.append(stream, events(4), { expectedRevision: 5 });

      await runner.waitFor(head, { projections: ['stream-summary'], timeoutMs: 2000 });
      const lag = await runner.waitFor(head, { timeoutMs: 150 }).catch((e: unknown) => e);
      expect(lag).toBeInstanceOf(ProjectionLagError);
      expect((lag as ProjectionLagError).lagging).toEqual([`flaky at ${poisonAt - 1} (failing)`]);
      const flakyStatus = runner.status().find((s) => s.name === 'flaky')!;
      expect(flakyStatus).toMatchObject({ state: 'failing', checkpoint: poisonAt - 1, error: { position: poisonAt, eventType: 'Poison', message: 'cannot digest this' } });
      expect(runner.health().ok).toBe(false);
      expect(runner.health().reasons).toEqual([`projection flaky failing at position ${poisonAt} (Poison): cannot digest this`]);
      expect(logger.errors[0]).toContain(`projection flaky failed at position ${poisonAt} (Poison): cannot digest this`);

      await runner.waitFor(head, { timeoutMs: 5000 });
      expect(poisoned?.position).toBe(poisonAt);
      expect(logger.errors.map((m) => /retry in (\d+) ms/.exec(m)![1])).toEqual(['100', '200', '400']);
      expect(await rows('SELECT count(*) AS n, count(DISTINCT position) AS d FROM flaky')).toEqual([{ n: 10, d: 10 }]);
      expect(runner.health()).toEqual({ ok: true, reasons: [] });
    });
  });
});

describe("ProjectionRunner with read models on the event store's own SQLite connection", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'accord-projections-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('when a handler appends to the store it is projected from', () => {
    it('fails that projection with an error naming what holds the connection, and appends go on', async () => {
      const own = SqliteEventStore.open({ path: join(dir, 'own.db'), lockTimeoutMs: 200 });
      const logger = new RecordingLogger();
      const appending: Projection = {
        name: 'appends-from-handler',
        handles: ['SomethingHappened'],
        schema: [],
        tables: [],
        async handle() {
          await own.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
        },
      };
      const ownRunner = new ProjectionRunner(own, new SqliteReadStore(own.connection), [appending], { logger, retry: { initialMs: 60_000, maxMs: 60_000 } });
      try {
        await ownRunner.start();
        const { position } = await own.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
        while (ownRunner.status()[0].state !== 'failing') await new Promise((r) => setTimeout(r, 20));
        expect(ownRunner.status()[0].error).toMatchObject({
          position,
          message: "the store's connection has been busy for 200 ms with a batch of projection appends-from-handler",
        });
        await expect(own.append(freshStream(), events(1), { expectedRevision: 'no_stream' })).resolves.toMatchObject({ written: true });
      } finally {
        await ownRunner.stop();
        await own.close();
      }
    });
  });
});
