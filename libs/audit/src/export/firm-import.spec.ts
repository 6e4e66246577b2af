import { randomUUID } from 'node:crypto';
import type { RecordedEvent, SqliteEventStore } from '@accord/event-store';
import { verifyExportLines } from './export-verifier';
import { importExport, ImportInterruptedError, ImportRefusedError } from './firm-import';
import { exportLines, memoryStore, writeFirmHistory, type FirmHistory } from './testing/firm-history';

describe('importExport', () => {
  let source: SqliteEventStore;
  let target: SqliteEventStore;
  let history: FirmHistory;
  let full: string[];

  beforeAll(async () => {
    source = memoryStore();
    history = await writeFirmHistory(source);
    full = await exportLines(source, history.firmId, { redaction: 'none' });
  });
  beforeEach(() => {
    target = memoryStore();
  });
  afterEach(() => target.close());
  afterAll(() => source.close());

  const all = async (store: SqliteEventStore): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll()) events.push(event);
    return events;
  };
  const comparable = (events: RecordedEvent[]) => events.map((e) => [e.stream, e.revision, e.id, e.type, e.hash, e.previousHash]);

  describe('into an empty store', () => {
    it("appends the firm's events in the export's order, and the store computes the same hashes", async () => {
      const result = await importExport(target, () => full);
      const exported = (await all(source)).filter((e) => e.metadata.firmId === history.firmId);
      expect(comparable(await all(target))).toEqual(comparable(exported));
      expect(result).toMatchObject({ firmId: history.firmId, events: 10, streams: 4, appended: 10, alreadyPresent: 0 });
      const again = await exportLines(target, history.firmId, { redaction: 'none' });
      expect((await verifyExportLines(again)).summary.headsDigest).toBe(result.headsDigest);
    });

    it('appends nothing when run again', async () => {
      await importExport(target, () => full);
      const again = await importExport(target, () => full, { batchSize: 1 });
      expect(again).toMatchObject({ appended: 0, alreadyPresent: 10 });
      expect(await all(target)).toHaveLength(10);
    });
  });

  describe('when interrupted', () => {
    it('stops between appends, and the next run finishes without duplicates', async () => {
      const controller = new AbortController();
      const first = importExport(target, () => full, {
        batchSize: 1,
        signal: controller.signal,
        onProgress: (phase, done) => {
          if (phase === 'appending' && done === 3) controller.abort();
        },
      });
      await expect(first).rejects.toBeInstanceOf(ImportInterruptedError);
      expect(await all(target)).toHaveLength(3);
      const second = await importExport(target, () => full);
      expect(second).toMatchObject({ appended: 7, alreadyPresent: 3 });
      const exported = (await all(source)).filter((e) => e.metadata.firmId === history.firmId);
      expect(comparable(await all(target))).toEqual(comparable(exported));
    });
  });

  describe('refusals, with nothing written', () => {
    const refusal = async (lines: string[]) => {
      const error = await importExport(target, () => lines).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportRefusedError);
      return error as ImportRefusedError;
    };

    it('refuses an export with sealed answers: their hashes could not be recreated', async () => {
      const redacted = await exportLines(source, history.firmId);
      const error = await refusal(redacted);
      expect(error.reason).toBe('sealed');
      expect(error.message).toMatch(/1 sealed answer.*--full/);
      expect(await all(target)).toEqual([]);
    });

    it('refuses an export that is not intact, naming the line', async () => {
      const changed = [...full];
      changed[4] = changed[4].replace('Recurring', 'Occasional');
      const error = await refusal(changed);
      expect(error.reason).toBe('not-intact');
      expect(error.message).toMatch(/line 5: stream check-.*@1: hash does not match content/);
      expect(await all(target)).toEqual([]);
    });

    it("refuses a store whose streams of the firm hold other events", async () => {
      await target.append(`firm-${history.firmId}`, [{ id: randomUUID(), type: 'FirmFounded', data: { name: 'Impostor' }, metadata: { actor: 'eve', firmId: history.firmId, occurredAt: '2026-01-01T00:00:00.000Z' } }], { expectedRevision: 'no_stream' });
      const error = await refusal(full);
      expect(error.reason).toBe('conflict');
      expect(error.message).toMatch(new RegExp(`stream firm-${history.firmId} in the target holds another event at revision 0`));
      expect(await all(target)).toHaveLength(1);
    });
  });
});
