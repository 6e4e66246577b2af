import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@accord/event-store';
import { ProjectionRunner } from '@accord/projections';
import { driftStream, firmDecider, firmStream, type Actor, type FirmCommand } from '@accord/domain';
import { execute } from '@accord/platform';
import { FirmsProjection } from '@accord/firms';
import { OverdueScanner, latestMissedDueDate } from './overdue-scanner';
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
    founders.set(firmId, actor);
    return firmId;
  }

  const founders = new Map<string, Actor>();

  async function changeFirm(firmId: string, change: { type: 'SetCadence'; cadenceDays: number }): Promise<void> {
    const actor = founders.get(firmId)!;
    const { position } = await execute(store, {
      decider: firmDecider,
      stream: firmStream(firmId),
      firmId,
      actor,
      now: FOUNDED,
      command: (): FirmCommand => ({ ...change, actor, now: FOUNDED }),
    });
    await runner.waitFor(position!);
  }

  const overdueOf = async (firmId: string) => {
    const events = [];
    for await (const event of store.readStream(driftStream(firmId))) events.push(event);
    return events;
  };

  const overdueDueDates = async (firmId: string) => (await overdueOf(firmId)).map((e) => (e.data as { dueAt: string }).dueAt);

  describe('when firms missed their check', () => {
    it('records one CHECK_OVERDUE per firm for the period that has begun, and nothing more on the next scan', async () => {
      const firms = [await foundFirm(), await foundFirm()];
      const now = '2026-04-06T00:00:00.000Z';
      expect(await scanner.scan(now)).toBe(2);
      for (const firmId of firms) {
        const drift = await overdueOf(firmId);
        expect(drift.map((e) => e.data)).toEqual([
          expect.objectContaining({ kind: 'CHECK_OVERDUE', firmId, dueAt: '2026-04-05T09:00:00.000Z', detectedAt: now }),
        ]);
        expect(drift[0].metadata.actor).toBe('system');
      }
      expect(await scanner.scan(now)).toBe(0);
      expect(await scanner.scan('2026-07-04T09:00:00.000Z')).toBe(0);
      for (const firmId of firms) expect(await overdueOf(firmId)).toHaveLength(1);
    });

    it('records the next period once it begins, and so on while no check closes', async () => {
      const firmId = await foundFirm();
      await scanner.scan('2026-04-05T09:00:00.001Z');
      await scanner.scan('2026-07-04T09:00:00.001Z');
      await scanner.scan('2026-07-05T00:00:00.000Z');
      await scanner.scan('2026-10-02T09:00:00.001Z');
      expect(await overdueDueDates(firmId)).toEqual(['2026-04-05T09:00:00.000Z', '2026-07-04T09:00:00.000Z', '2026-10-02T09:00:00.000Z']);
    });

    it('records only the current period after a long time without scans, not a burst for every period missed', async () => {
      const firmId = await foundFirm();
      expect(await scanner.scan(FAR_FUTURE)).toBe(1);
      const [dueAt] = await overdueDueDates(firmId);
      // The latest due date before 2100: whole 90-day periods after the founding.
      expect(Date.parse(FAR_FUTURE) - Date.parse(dueAt)).toBeGreaterThan(0);
      expect(Date.parse(FAR_FUTURE) - Date.parse(dueAt)).toBeLessThanOrEqual(90 * 86_400_000);
      expect((Date.parse(dueAt) - Date.parse(FOUNDED)) % (90 * 86_400_000)).toBe(0);
      expect(await scanner.scan(FAR_FUTURE)).toBe(0);
    });

    it('follows a changed cadence from the next scan on', async () => {
      const firmId = await foundFirm();
      await changeFirm(firmId, { type: 'SetCadence', cadenceDays: 30 });
      await scanner.scan('2026-02-05T00:00:00.000Z');
      await scanner.scan('2026-03-07T00:00:00.000Z');
      expect(await overdueDueDates(firmId)).toEqual(['2026-02-04T09:00:00.000Z', '2026-03-06T09:00:00.000Z']);
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

describe('latestMissedDueDate', () => {
  const firm = { since: '2026-01-01T00:00:00.000Z', cadenceDays: 10 };
  it.each([
    ['2026-01-11T00:00:00.000Z', null],
    ['2026-01-11T00:00:00.001Z', '2026-01-11T00:00:00.000Z'],
    ['2026-01-21T00:00:00.000Z', '2026-01-11T00:00:00.000Z'],
    ['2026-01-21T00:00:00.001Z', '2026-01-21T00:00:00.000Z'],
    ['2025-12-01T00:00:00.000Z', null],
  ])('at %s: %s', (now, expected) => {
    expect(latestMissedDueDate(firm, now)).toBe(expected);
  });
});
