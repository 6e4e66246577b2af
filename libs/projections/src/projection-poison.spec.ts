import { StoreBusyError, type SqliteEventStore } from '@accord/event-store';
import { events, freshStream } from '@accord/event-store/testing/fixtures';
import { readPoison } from './poison';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import type { Logger } from './projection-worker';
import { describeEachReadStore, openTempStores, type TempStores } from './testing/temp-read-store';
import { ledgerProjection, streamSummaryProjection } from './testing/test-projections';
import type { Projection, ReadStore } from './types';

class RecordingLogger implements Logger {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: string): void {
    this.errors.push(message);
  }
}

/** Like the ledger, but its handler throws on every event of type `Poison` and counts its calls per position. */
function choosyProjection(calls: Map<number, number>, fail: (event: { position: number }) => unknown = () => new Error('cannot digest this')): Projection {
  return {
    name: 'choosy',
    handles: ['SomethingHappened', 'Poison'],
    schema: ['CREATE TABLE IF NOT EXISTS choosy (position INTEGER NOT NULL, type TEXT NOT NULL)'],
    tables: ['choosy'],
    async handle(event, tx) {
      calls.set(event.position, (calls.get(event.position) ?? 0) + 1);
      // A write before the throw: it must be rolled back with the rest of the failed attempt.
      await tx.run('INSERT INTO choosy (position, type) VALUES (?, ?)', [event.position, event.type]);
      if (event.type === 'Poison') {
        const error = fail(event);
        if (error) throw error;
      }
    },
  };
}

describeEachReadStore('ProjectionRunner with an event its handler keeps failing on', (kind) => {
  let temp: TempStores;
  let store: SqliteEventStore;
  let readStore: ReadStore;
  let runner: ProjectionRunner | undefined;
  let logger: RecordingLogger;

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-poison-');
    ({ store, readStore } = temp);
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await temp.close();
  });

  async function newRunner(projections: Projection[], options: ProjectionRunnerOptions = {}): Promise<ProjectionRunner> {
    if (readStore.managedSchema) {
      await readStore.transaction(async (tx) => {
        for (const ddl of projections.flatMap((p) => p.schema)) await tx.run(ddl);
      });
    }
    return new ProjectionRunner(store, readStore, projections, { logger, retry: { initialMs: 10, maxMs: 40 }, ...options });
  }

  /** Five good events, one `Poison`, four good ones, on one stream; returns the poison's position and the head. */
  async function appendWithPoison(): Promise<{ stream: string; poisonAt: number; head: number }> {
    const stream = freshStream();
    await store.append(stream, events(5), { expectedRevision: 'no_stream' });
    const { position: poisonAt } = await store.append(stream, events(1, 'Poison'), { expectedRevision: 4 });
    const { position: head } = await store.append(stream, events(4), { expectedRevision: 5 });
    return { stream, poisonAt, head };
  }

  const rows = (sql: string) => readStore.read((tx) => tx.all(sql));

  describe('when the handler fails on every attempt', () => {
    it('records the event as poison after maxAttempts, passes over it, and applies the rest', async () => {
      const calls = new Map<number, number>();
      runner = await newRunner([choosyProjection(calls), ledgerProjection, streamSummaryProjection], { maxAttempts: 3, batchSize: 4 });
      await runner.start();
      const { stream, poisonAt, head } = await appendWithPoison();

      // Read-your-writes is not blocked for good: the wait ends once the poison is passed over.
      await runner.waitFor(head, { timeoutMs: 5000 });

      expect(calls.get(poisonAt)).toBe(3);
      const applied = (await rows('SELECT position, type FROM choosy ORDER BY position')) as Array<{ position: number; type: string }>;
      expect(applied.map((row) => Number(row.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1).filter((p) => p !== poisonAt));
      // The other projections (which do not handle `Poison`) applied every event of theirs.
      expect(await rows('SELECT count(*) AS n FROM ledger')).toEqual([{ n: 9 }]);
      expect(await rows('SELECT events FROM stream_summary')).toEqual([{ events: 9 }]);
      const [recorded] = await readStore.read((tx) => readPoison(tx));
      expect(recorded).toEqual({
        projection: 'choosy',
        position: poisonAt,
        eventId: expect.any(String),
        stream,
        revision: 5,
        type: 'Poison',
        error: 'cannot digest this',
        attempts: 3,
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(runner.poisonEvents()).toEqual([recorded]);
      expect(runner.status()).toEqual([
        { name: 'choosy', state: 'live', checkpoint: head, poisoned: 1 },
        { name: 'ledger', state: 'live', checkpoint: head },
        { name: 'stream-summary', state: 'live', checkpoint: head },
      ]);
      // It serves: health stays ok, and the poison is listed apart from it.
      expect(runner.health()).toEqual({ ok: true, reasons: [] });
      expect(logger.errors.filter((m) => m.includes(`position ${poisonAt}`))).toEqual([
        `projection choosy failed at position ${poisonAt} (Poison): cannot digest this; attempt 1, retry in 10 ms`,
        `projection choosy failed at position ${poisonAt} (Poison): cannot digest this; attempt 2, retry in 20 ms`,
        `projection choosy failed at position ${poisonAt} (Poison): cannot digest this; attempt 3 of 3: passing over it as a poison event`,
        expect.stringMatching(new RegExp(`^projection choosy passed over event .* at position ${poisonAt} \\(Poison, ${stream}@5\\) after 3 failed attempts: cannot digest this$`)),
      ]);
    });

    it('goes on with events appended later, and a restarted runner still lists the poison', async () => {
      const calls = new Map<number, number>();
      runner = await newRunner([choosyProjection(calls)], { maxAttempts: 2 });
      await runner.start();
      const { poisonAt, head } = await appendWithPoison();
      await runner.waitFor(head, { timeoutMs: 5000 });
      const { position: later } = await store.append(freshStream(), events(2), { expectedRevision: 'no_stream' });
      await runner.waitFor(later, { timeoutMs: 5000 });
      await runner.stop();

      runner = await newRunner([choosyProjection(calls)], { maxAttempts: 2 });
      await runner.start();
      expect(runner.poisonEvents()).toEqual([expect.objectContaining({ projection: 'choosy', position: poisonAt, attempts: 2 })]);
      expect(runner.status()[0]).toMatchObject({ checkpoint: later, poisoned: 1 });
      expect(calls.get(poisonAt)).toBe(2);
    });

    it('uses 5 attempts unless configured', async () => {
      const calls = new Map<number, number>();
      runner = await newRunner([choosyProjection(calls)]);
      await runner.start();
      const { poisonAt, head } = await appendWithPoison();
      await runner.waitFor(head, { timeoutMs: 5000 });
      expect(calls.get(poisonAt)).toBe(5);
      expect(runner.poisonEvents()).toEqual([expect.objectContaining({ position: poisonAt, attempts: 5 })]);
    });
  });

  describe('when the handler fails because the read store is busy or unreachable', () => {
    it('keeps retrying without counting those failures, and applies the event once it can', async () => {
      const calls = new Map<number, number>();
      const outage = [new StoreBusyError('a long batch', 200), Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })];
      let failures = 0;
      const transient = choosyProjection(calls, () => (failures < 6 ? outage[failures++ % outage.length] : undefined));
      runner = await newRunner([transient], { maxAttempts: 2 });
      await runner.start();
      const { poisonAt, head } = await appendWithPoison();
      await runner.waitFor(head, { timeoutMs: 5000 });
      expect(calls.get(poisonAt)).toBe(7);
      expect(runner.poisonEvents()).toEqual([]);
      expect(await rows(`SELECT count(*) AS n FROM choosy WHERE type = 'Poison'`)).toEqual([{ n: 1 }]);
    });

    it('counts a failure of the event again once the store is back', async () => {
      const calls = new Map<number, number>();
      let failures = 0;
      const mixed = choosyProjection(calls, () => (++failures % 2 === 1 ? new StoreBusyError('a long batch', 200) : new Error('bad data')));
      runner = await newRunner([mixed], { maxAttempts: 3 });
      await runner.start();
      const { poisonAt, head } = await appendWithPoison();
      await runner.waitFor(head, { timeoutMs: 5000 });
      expect(calls.get(poisonAt)).toBe(6);
      expect(runner.poisonEvents()).toEqual([expect.objectContaining({ position: poisonAt, attempts: 3, error: 'bad data' })]);
    });
  });

  describe('when the projection is rebuilt', () => {
    it('deletes its poison events and records again those its handler still fails on', async () => {
      const calls = new Map<number, number>();
      let fixed = false;
      const fixable = choosyProjection(calls, () => (fixed ? undefined : new Error('still broken')));
      runner = await newRunner([fixable, ledgerProjection], { maxAttempts: 2, rebuildBatchSize: 3 });
      await runner.start();
      const { poisonAt, head } = await appendWithPoison();
      await runner.waitFor(head, { timeoutMs: 5000 });
      const first = runner.poisonEvents()[0];

      const again = await runner.rebuild(['choosy']);
      expect(again.poisonEvents).toEqual([{ ...first, recordedAt: expect.any(String) }]);
      expect(again.poisonEvents[0].recordedAt >= first.recordedAt).toBe(true);
      expect(await readStore.read((tx) => readPoison(tx))).toEqual(again.poisonEvents);

      fixed = true;
      const healed = await runner.rebuild(['choosy']);
      expect(healed.poisonEvents).toEqual([]);
      expect(runner.poisonEvents()).toEqual([]);
      expect(await readStore.read((tx) => readPoison(tx))).toEqual([]);
      expect(runner.status()[0]).toEqual({ name: 'choosy', state: expect.any(String), checkpoint: head });
      expect(await rows(`SELECT count(*) AS n FROM choosy WHERE type = 'Poison'`)).toEqual([{ n: 1 }]);
      expect(calls.get(poisonAt)).toBe(5);
    });
  });
});
