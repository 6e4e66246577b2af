import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@accord/event-store';
import { ProjectionRunner } from '@accord/projections';
import { driftStream, firmDecider, firmStream, type Actor, type FirmCommand } from '@accord/domain';
import { execute } from '@accord/platform';
import { FirmsProjection } from '@accord/firms';
import { OverdueScanner } from './overdue-scanner';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';

const FOUNDED = '2026-01-05T09:00:00.000Z';
const FAR_FUTURE = '2100-01-01T00:00:00.000Z';
const silent = { log() {}, warn() {}, error() {} };

describeEachReadStore('OverdueScanner', (kind) => {
  let temp: TempStores;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let scanner: OverdueScanner;

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-overdue-');
    store = temp.store;
    const { readStore } = temp;
    runner = new ProjectionRunner(store, readStore, [new FirmsProjection()], { logger: silent });
    await runner.start();
    scanner = new OverdueScanner(store, readStore);
  });
  afterEach(async () => {
    await runner.stop();
    await temp.close();
  });

  async function foundFirm(): Promise<string> {
    const firmId = randomUUID();
    const memberId = randomUUID();
    const actor: Actor = { kind: 'member', memberId, role: 'PARTNER' };
    const { position } = await execute(store, {
      decider: firmDecider,
      stream: firmStream(firmId),
      firmId,
      actor,
      now: FOUNDED,
      command: (): FirmCommand => ({ type: 'FoundFirm', firmId, name: 'Acme', kind: 'LAW', founder: { memberId, name: 'Ada', tokenHash: randomUUID() }, actor, now: FOUNDED }),
    });
    await runner.waitFor(position!);
    return firmId;
  }

  const overdueOf = async (firmId: string) => {
    const events = [];
    for await (const event of store.readStream(driftStream(firmId))) events.push(event);
    return events;
  };

  describe('when firms missed their check', () => {
    it('records one CHECK_OVERDUE per firm at its due date, and nothing more on the next scan', async () => {
      const firms = [await foundFirm(), await foundFirm()];
      expect(await scanner.scan(FAR_FUTURE)).toBe(2);
      for (const firmId of firms) {
        const drift = await overdueOf(firmId);
        expect(drift.map((e) => e.data)).toEqual([
          expect.objectContaining({ kind: 'CHECK_OVERDUE', firmId, dueAt: '2026-04-05T09:00:00.000Z', detectedAt: FAR_FUTURE }),
        ]);
        expect(drift[0].metadata.actor).toBe('system');
      }
      expect(await scanner.scan(FAR_FUTURE)).toBe(0);
      expect(await scanner.scan('2100-01-02T00:00:00.000Z')).toBe(0);
      for (const firmId of firms) expect(await overdueOf(firmId)).toHaveLength(1);
    });
  });

  describe('when the due date has not passed', () => {
    it('records nothing', async () => {
      const firmId = await foundFirm();
      expect(await scanner.scan('2026-04-05T09:00:00.000Z')).toBe(0);
      expect(await overdueOf(firmId)).toEqual([]);
    });
  });
});
