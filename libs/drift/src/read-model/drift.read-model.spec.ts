import type { RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import type { DriftDetected } from '@accord/domain';
import { createTables } from '@accord/projections/testing/temp-sqlite';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';
import { DriftProjection } from './drift.projection';
import { DriftQueries, toDriftEvent } from './drift.queries';

describeEachReadStore('the drift read model', (kind) => {
  let temp: TempStores;
  let readStore: ReadStore;
  const projection = new DriftProjection();

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-drift-');
    readStore = temp.readStore;
    await createTables(readStore, projection);
  });
  afterEach(async () => {
    await temp.close();
  });

  const drift = (id: string, position: number, data: Partial<DriftDetected['data']>): RecordedEvent =>
    ({
      id,
      type: 'DriftDetected',
      position,
      data: { firmId: 'f1', kind: 'SCORE_DROP', detectedAt: '2026-03-01T09:00:00.000Z', checkId: null, questionKey: null, decisionId: null, previousScore: null, score: null, dueAt: null, ...data },
    }) as unknown as RecordedEvent;

  it("reads a firm's drift oldest first, each row as the live feed shows its event, and records an event once", async () => {
    const events = [
      drift('d2', 7, { kind: 'CHECK_OVERDUE', dueAt: '2026-02-01T09:00:00.000Z' }),
      drift('d1', 3, { checkId: 'c1', previousScore: 3, score: 1 }),
      drift('x1', 5, { firmId: 'f2' }),
    ];
    await readStore.transaction(async (tx) => {
      for (const event of [...events, events[0]]) await projection.handle(event, tx);
    });
    expect(await new DriftQueries(readStore).driftEvents('f1')).toEqual([toDriftEvent(events[1]), toDriftEvent(events[0])]);
  });
});
