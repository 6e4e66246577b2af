import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { EventIdConflictError, ExpectedVersionConflictError, InvalidAppendError } from '../errors';
import { verifyChain } from '../hash-chain';
import type { EventStore, NewEvent, RecordedEvent } from '../types';
import type { ContractHarness, TamperField } from './contract-harness';
import { anEvent, collect, events, freshStream, readAllEvents, rejectionOf } from './fixtures';

/**
 * The behaviour every event store adapter must show. Call it from an adapter's spec:
 * `describeEventStoreContract('sqlite file', harness)`.
 */
export function describeEventStoreContract(name: string, harness: ContractHarness): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await harness.cleanup?.();
    });

    describe('appending with an expected revision', () => {
      it('records a new stream at revisions 0..n-1 and reads it back in order', async () => {
        const stream = freshStream();
        const batch = events(3);
        const result = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        expect(result).toMatchObject({ nextExpectedRevision: 2, written: true });
        const read = await collect(store.readStream(stream));
        expect(read.map((e) => [e.id, e.revision, e.type])).toEqual(batch.map((e, i) => [e.id, i, e.type]));
        expect(read[2].position).toBe(result.position);
        expect(read[0].data).toEqual(batch[0].data);
        expect(read[0].metadata).toEqual(batch[0].metadata);
      });

      it('honours a numeric revision, no_stream, stream_exists and any', async () => {
        const stream = freshStream();
        await expect(store.append(stream, events(1), { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
        await store.append(stream, events(1), { expectedRevision: 'no_stream' });
        await expect(store.append(stream, events(1), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
        await store.append(stream, events(1), { expectedRevision: 0 });
        await expect(store.append(stream, events(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
        await store.append(stream, events(1), { expectedRevision: 'stream_exists' });
        const last = await store.append(stream, events(1), { expectedRevision: 'any' });
        expect(last.nextExpectedRevision).toBe(3);
      });

      it('reads a stream from a revision, and an unknown stream as empty', async () => {
        const stream = freshStream();
        await store.append(stream, events(5), { expectedRevision: 'no_stream' });
        const tail = await collect(store.readStream(stream, { fromRevision: 3 }));
        expect(tail.map((e) => e.revision)).toEqual([3, 4]);
        expect(await collect(store.readStream(freshStream()))).toEqual([]);
      });

      it('refuses a malformed batch before writing anything', async () => {
        const stream = freshStream();
        const twice = anEvent();
        const head = await store.headPosition();
        await expect(store.append(stream, [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, [twice, twice], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, [{ ...anEvent(), id: 'not-a-uuid' }], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, [anEvent('T', { n: Number.NaN })], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
        await expect(store.append(stream, events(1), { expectedRevision: -3 as never })).rejects.toBeInstanceOf(InvalidAppendError);
        expect(await store.headPosition()).toBe(head);
      });

      it('100 concurrent appends at the same expected revision: exactly one succeeds, the others get ExpectedVersionConflictError carrying expected and actual revision', async () => {
        const stream = freshStream();
        await store.append(stream, events(3), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 100 }, () => store.append(stream, events(1), { expectedRevision: 2 })),
        );
        const succeeded = outcomes.filter((o) => o.status === 'fulfilled');
        const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(succeeded).toHaveLength(1);
        expect(failed).toHaveLength(99);
        for (const { reason } of failed) {
          expect(reason).toBeInstanceOf(ExpectedVersionConflictError);
          expect(reason).toMatchObject({ stream, expected: 2, actual: 3 });
        }
        expect((await collect(store.readStream(stream))).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
      });

      if (harness.racingProcesses) {
        it('8 processes appending at the same expected revision at once: exactly one succeeds, the others get the conflict with expected and actual revision', async () => {
          const stream = freshStream();
          await store.append(stream, events(3), { expectedRevision: 'no_stream' });
          const outcomes = await harness.racingProcesses!(store, stream, 2, 8);
          expect(outcomes.filter((o) => o.startsWith('ack '))).toHaveLength(1);
          expect(outcomes.filter((o) => o === 'conflict 2 3')).toHaveLength(7);
          expect((await collect(store.readStream(stream))).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        });
      }

      it('reports a missing stream as actual revision -1', async () => {
        const stream = freshStream();
        const error = await rejectionOf(store.append(stream, events(1), { expectedRevision: 4 }));
        expect(error).toMatchObject({ expected: 4, actual: -1 });
      });
    });

    describe('idempotent event ids', () => {
      it('re-appending the same event ids at the same expected revision acknowledges without writing twice', async () => {
        const stream = freshStream();
        await store.append(stream, events(2), { expectedRevision: 'no_stream' });
        const batch = events(3);
        const first = await store.append(stream, batch, { expectedRevision: 1 });
        const head = await store.headPosition();
        const again = await store.append(stream, batch, { expectedRevision: 1 });
        expect(again).toEqual({ ...first, written: false });
        const anyAgain = await store.append(stream, batch, { expectedRevision: 'any' });
        expect(anyAgain).toEqual({ ...first, written: false });
        expect(await store.headPosition()).toBe(head);
        expect(await collect(store.readStream(stream))).toHaveLength(5);
      });

      if (harness.reopen) {
        it('re-appending the same event ids acknowledges without writing twice also after the store is closed and reopened', async () => {
          const stream = freshStream();
          const batch = events(4);
          const first = await store.append(stream, batch, { expectedRevision: 'no_stream' });
          store = await harness.reopen!(store);
          const again = await store.append(stream, batch, { expectedRevision: 'no_stream' });
          expect(again).toEqual({ ...first, written: false });
          expect(await collect(store.readStream(stream))).toHaveLength(4);
        });
      }

      it('a batch that overlaps only partly is rejected, and nothing of it is written', async () => {
        const stream = freshStream();
        const batch = events(3);
        await store.append(stream, batch, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const overlapping = [batch[2], ...events(2)];
        const error = await rejectionOf(store.append(stream, overlapping, { expectedRevision: 1 }));
        expect(error).toBeInstanceOf(EventIdConflictError);
        expect((error as EventIdConflictError).eventIds).toEqual([batch[2].id]);
        const sameIdsAtTheTip = await rejectionOf(store.append(stream, overlapping, { expectedRevision: 'any' }));
        expect(sameIdsAtTheTip).toBeInstanceOf(EventIdConflictError);
        expect(await store.headPosition()).toBe(head);
      });

      it('treats an id in upper case as the same id', async () => {
        const stream = freshStream();
        const event = anEvent();
        const first = await store.append(stream, [event], { expectedRevision: 'no_stream' });
        const again = await store.append(stream, [{ ...event, id: event.id.toUpperCase() }], { expectedRevision: 'no_stream' });
        expect(again).toEqual({ ...first, written: false });
        expect((await collect(store.readStream(stream)))[0].id).toBe(event.id.toLowerCase());
      });

      if (harness.eventIdScope !== 'stream') {
        it('refuses event ids already recorded in another stream', async () => {
          const batch = events(2);
          await store.append(freshStream(), batch, { expectedRevision: 'no_stream' });
          await expect(store.append(freshStream(), batch, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(EventIdConflictError);
        });
      }
    });

    describe('atomic batches', () => {
      it('a batch is atomic: all its events or none', async () => {
        const stream = freshStream();
        const taken = anEvent();
        await store.append(stream, [taken], { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        // The third event's id is taken (in the same stream, where every adapter keeps ids unique),
        // so the SQL stores fail while writing the batch, not before.
        const batch = [...events(2), { ...anEvent(), id: taken.id }, ...events(2)];
        await expect(store.append(stream, batch, { expectedRevision: 0 })).rejects.toBeInstanceOf(EventIdConflictError);
        expect((await collect(store.readStream(stream))).map((e) => e.id)).toEqual([taken.id]);
        expect(await store.headPosition()).toBe(head);
        const whole = events(50);
        const result = await store.append(stream, whole, { expectedRevision: 0 });
        const written = (await collect(store.readStream(stream))).slice(1);
        expect(written.map((e) => e.id)).toEqual(whole.map((e) => e.id));
        expect(result.position).toBe(written[49].position);
        // No other event lies between the batch's first and last in the global log.
        expect((await collect(store.readAll({ after: head }))).map((e) => e.id)).toEqual(whole.map((e) => e.id));
        if (harness.gaplessPositions !== false) expect(result.position - written[0].position).toBe(49);
      });
    });

    describe('the global log', () => {
      it('is strictly increasing and reads in batches from a position', async () => {
        for (let i = 0; i < 7; i++) await store.append(freshStream(), events(3), { expectedRevision: 'no_stream' });
        const all = await readAllEvents(store);
        expect(all).toHaveLength(21);
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(all[20].position).toBe(await store.headPosition());
        const after = all[9].position;
        const rest = await collect(store.readAll({ after, batchSize: 4 }));
        expect(rest.map((e) => e.id)).toEqual(all.slice(10).map((e) => e.id));
      });

      it('a reader running while 8 writers append sees every committed event exactly once, in order', async () => {
        const writers = 8;
        const eachWrites = 150;
        const seen: RecordedEvent[] = [];
        let writing = true;
        const reader = (async () => {
          let after = 0;
          while (writing || after < (await store.headPosition())) {
            let got = 0;
            for await (const event of store.readAll({ after, batchSize: 50 })) {
              seen.push(event);
              after = event.position;
              got++;
            }
            if (got === 0) await new Promise((r) => setTimeout(r, 2));
          }
        })();
        let acknowledged: string[];
        try {
          acknowledged = harness.externalWriters
            ? (await harness.externalWriters(store, writers, eachWrites)).acknowledged.flat()
            : (await Promise.all(Array.from({ length: writers }, () => inProcessWriter(store, eachWrites)))).flat();
        } finally {
          writing = false;
        }
        await reader;
        expectStrictlyIncreasing(seen.map((e) => e.position));
        const seenIds = seen.map((e) => e.id);
        expect(new Set(seenIds).size).toBe(seenIds.length);
        expect(seenIds.length).toBe(writers * eachWrites);
        expect(new Set(seenIds)).toEqual(new Set(acknowledged));
        expect(await verifyChain(seen)).toMatchObject({ ok: true });
      });
    });

    describe('the hash chain', () => {
      it("each event's hash is sha-256 over the previous hash of its stream and the canonical JSON of the event", async () => {
        const stream = freshStream();
        await store.append(stream, events(2), { expectedRevision: 'no_stream' });
        await store.append(freshStream(), events(1), { expectedRevision: 'no_stream' });
        await store.append(stream, [anEvent('Other', { nested: { b: [1, 'x'], a: null } })], { expectedRevision: 1 });
        const read = await collect(store.readStream(stream));
        let previous: string | null = null;
        for (const event of read) {
          expect(event.previousHash).toBe(previous);
          const { id, type, data, metadata, revision } = event;
          const canonical = canonicalJson({ id, type, stream, revision, data, metadata });
          expect(event.hash).toBe(createHash('sha256').update(`${previous ?? ''}\n${canonical}`).digest('hex'));
          previous = event.hash;
        }
        expect(await verifyChain(store.readAll())).toMatchObject({ ok: true, eventsChecked: 4, streamsChecked: 2, firstBrokenPosition: null });
      });

      if (harness.tamper) {
        const tamper = harness.tamper;
        const fields: TamperField[] = ['data', 'metadata', 'type', 'id', 'hash', 'previousHash', 'stream'];

        it.each(fields)('verification finds a changed byte in %s and names its position', async (field) => {
          const { middle } = await threeStreamsOfFive(store);
          await tamper.changeByte(store, middle.position, field);
          const report = await verifyChain(store.readAll());
          expect(report.ok).toBe(false);
          expect(report.firstBrokenPosition).toBe(middle.position);
          expect(report.problems[0]).toContain(`position ${middle.position}`);
        });

        it('verification finds a deleted event and names the first bad position', async () => {
          const { middle, all } = await threeStreamsOfFive(store);
          await tamper.deleteEvent(store, middle.position);
          const next = all.find((e) => e.stream === middle.stream && e.revision === middle.revision + 1)!;
          const report = await verifyChain(store.readAll());
          expect(report).toMatchObject({ ok: false, firstBrokenPosition: next.position });
          expect(report.problems[0]).toContain('missing');
        });

        it('verification finds a reordered event and names the first bad position', async () => {
          const { all } = await threeStreamsOfFive(store);
          const [a, b] = all.filter((e) => e.stream === all[0].stream).slice(1, 3);
          await tamper.swapPositions(store, a.position, b.position);
          const report = await verifyChain(store.readAll());
          expect(report).toMatchObject({ ok: false, firstBrokenPosition: a.position });
        });
      }
    });

    describe('catch-up subscriptions', () => {
      it('a catch-up subscription started from position p, while writers are appending, delivers every event after p exactly once, in order, across the switch from catch-up to live', async () => {
        for (let i = 0; i < 20; i++) await store.append(freshStream(), events(10), { expectedRevision: 'no_stream' });
        const before = await readAllEvents(store);
        const p = before[99].position;
        const expected = before.slice(100).map((e) => e.id);
        const total = expected.length + 4 * 100;
        const writing = Promise.all(Array.from({ length: 4 }, () => inProcessWriter(store, 100, 1)));
        const headWhenSubscribed = await store.headPosition();
        const subscription = store.subscribeToAll({ after: p, batchSize: 7 });
        const received: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of subscription) {
            received.push(event);
            if (received.length === total) break;
          }
        })();
        expected.push(...(await writing).flat());
        await withTimeout(consuming, 20_000, () => `received ${received.length} of ${expected.length}`);
        subscription.close();
        expectStrictlyIncreasing(received.map((e) => e.position));
        expect(received[0].position).toBeGreaterThan(p);
        // Both phases happened: events that were there when it started, and events appended later.
        expect(received.filter((e) => e.position <= headWhenSubscribed).length).toBeGreaterThanOrEqual(100);
        expect(received.filter((e) => e.position > headWhenSubscribed).length).toBeGreaterThan(0);
        expect(received.map((e) => e.id).sort()).toEqual([...expected].sort());
      });

      it('ends without an error when the store is closed while a consumer holds an event', async () => {
        await store.append(freshStream(), events(3), { expectedRevision: 'no_stream' });
        const iterator = store.subscribeToAll({ batchSize: 1 })[Symbol.asyncIterator]();
        expect((await iterator.next()).done).toBe(false);
        await store.close();
        await expect(iterator.next()).resolves.toMatchObject({ done: true });
        store = await harness.open();
      });

      it('ends when closed while waiting for new events', async () => {
        await store.append(freshStream(), events(2), { expectedRevision: 'no_stream' });
        const subscription = store.subscribeToAll();
        const received: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of subscription) received.push(event);
        })();
        await new Promise((r) => setTimeout(r, 50));
        subscription.close();
        await withTimeout(consuming, 2_000, () => 'subscription did not end');
        expect(received).toHaveLength(2);
      });
    });

    if (harness.crash) {
      const crash = harness.crash;
      // A killed process leaves its writes in the OS page cache, so this proves that nothing
      // acknowledged is lost and the file stays sound when the process dies; that a commit survives
      // power loss is what synchronous=FULL adds, which a test on one machine cannot cut power to see.
      describe('durability', () => {
        it('a child process appending in a loop is killed with SIGKILL; on reopen every append it had acknowledged is present and the storage passes its integrity check', async () => {
          for (const killAfterMs of [300, 700, 1200]) {
            const acknowledged = await crash.appendThenKill(store, killAfterMs);
            expect(acknowledged.length).toBeGreaterThan(0);
            store = await harness.reopen!(store);
            const present = new Set((await readAllEvents(store)).map((e) => e.id));
            expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
            expect(await crash.checkStorage(store)).toBe('ok');
            expect(await verifyChain(store.readAll())).toMatchObject({ ok: true });
          }
        });
      });
    }
  });
}

/** Appends `count` events, one or `batch` per append, to a few streams of its own; returns the ids. */
async function inProcessWriter(store: EventStore, count: number, batch = 1): Promise<string[]> {
  const streams = Array.from({ length: 5 }, () => ({ name: freshStream('writer'), revision: -1 }));
  const ids: string[] = [];
  for (let i = 0; i < count; i += batch) {
    const target = streams[i % streams.length];
    const written: NewEvent[] = events(Math.min(batch, count - i));
    const result = await store.append(target.name, written, { expectedRevision: target.revision < 0 ? 'no_stream' : target.revision });
    target.revision = result.nextExpectedRevision;
    ids.push(...written.map((e) => e.id));
    if (i % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  return ids;
}

/** Three streams of five events, interleaved in the log; returns a middle event of the first. */
async function threeStreamsOfFive(store: EventStore): Promise<{ all: RecordedEvent[]; middle: RecordedEvent }> {
  const streams = [freshStream(), freshStream(), freshStream()];
  for (let revision = 0; revision < 5; revision++) {
    for (const stream of streams) await store.append(stream, events(1), { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
  }
  const all = await readAllEvents(store);
  const middle = all.find((e) => e.stream === streams[0] && e.revision === 2)!;
  return { all, middle };
}

function expectStrictlyIncreasing(positions: number[]): void {
  const broken = positions.findIndex((p, i) => i > 0 && p <= positions[i - 1]);
  expect(broken).toBe(-1);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describe()}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
