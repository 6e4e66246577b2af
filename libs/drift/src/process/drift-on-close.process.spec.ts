import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type RecordedEvent } from '@accord/event-store';
import { checkStream, driftStream, type CheckClosed } from '@accord/domain';
import { DriftOnCloseProcess } from './drift-on-close.process';
import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';

describe('DriftOnCloseProcess', () => {
  let temp: TempSqlite;
  let store: SqliteEventStore;
  let manager: DriftOnCloseProcess;

  beforeEach(() => {
    temp = openTempSqlite('accord-drift-');
    store = temp.store;
    manager = new DriftOnCloseProcess(store);
  });
  afterEach(async () => {
    await temp.close();
  });

  async function closeCheck(firmId: string, data: Partial<CheckClosed['data']> = {}): Promise<RecordedEvent> {
    const checkId = randomUUID();
    const closed: CheckClosed['data'] = {
      checkId,
      firmId,
      closedBy: 'fay',
      closedAt: '2026-03-01T10:00:00.000Z',
      score: 1,
      outOf: 3,
      verdict: 'FRACTURE',
      mismatched: ['optimizing_for', 'refuse_to_do'],
      basis: { previousCheck: { checkId: 'c0', score: 3, outOf: 3 }, alignedDefinitions: { optimizing_for: 'd1' } },
      ...data,
    };
    const metadata = { actor: 'fay', firmId, occurredAt: closed.closedAt };
    await store.append(checkStream(checkId), [{ id: randomUUID(), type: 'CheckClosed', data: closed, metadata }], { expectedRevision: 'any' });
    const [recorded] = await collect(store.readStream(checkStream(checkId)));
    return recorded;
  }

  const driftOf = (firmId: string) => collect(store.readStream(driftStream(firmId)));

  describe('when a check closes lower than the previous one and misses a defined question', () => {
    it('records a score drop and a definition drift naming the decision, caused by the close', async () => {
      const firmId = randomUUID();
      const closed = await closeCheck(firmId);
      await manager.react(closed);
      const drift = await driftOf(firmId);
      expect(drift.map((e) => e.data)).toEqual([
        expect.objectContaining({ kind: 'SCORE_DROP', checkId: (closed.data as CheckClosed['data']).checkId, previousScore: 3, score: 1 }),
        expect.objectContaining({ kind: 'DEFINITION_DRIFT', questionKey: 'optimizing_for', decisionId: 'd1' }),
      ]);
      expect(drift.every((e) => e.metadata.actor === 'system' && e.metadata.causationId === closed.id)).toBe(true);
      expect(drift.every((e) => e.metadata.occurredAt === closed.metadata.occurredAt)).toBe(true);
    });
  });

  describe('when it reacts to the same close twice', () => {
    it('records one set of drift events', async () => {
      const firmId = randomUUID();
      const closed = await closeCheck(firmId);
      await manager.react(closed);
      const first = await driftOf(firmId);
      await manager.react(closed);
      const second = await driftOf(firmId);
      expect(second.map((e) => e.id)).toEqual(first.map((e) => e.id));
      expect(second).toHaveLength(2);
    });
  });

  describe('when the same drift is appended by another runner first', () => {
    it('acknowledges the deterministic ids instead of writing again', async () => {
      const firmId = randomUUID();
      const closed = await closeCheck(firmId);
      const other = new DriftOnCloseProcess(store);
      await Promise.all([manager.react(closed), other.react(closed)]);
      expect(await driftOf(firmId)).toHaveLength(2);
    });
  });

  it('records nothing for a check that holds its score', async () => {
    const firmId = randomUUID();
    await manager.react(await closeCheck(firmId, { score: 3, mismatched: [], verdict: 'ALIGNED' }));
    expect(await driftOf(firmId)).toEqual([]);
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
