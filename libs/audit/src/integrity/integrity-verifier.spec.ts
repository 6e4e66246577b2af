import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore, type NewEvent } from '@accord/event-store';
import { ProjectionRunner } from '@accord/projections';
import { AuditProjection } from '../read-model/audit.projection';
import { AuditQueries } from '../read-model/audit.queries';
import { IntegrityVerifier } from './integrity-verifier';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';

const silent = { log() {}, warn() {}, error() {} };

describeEachReadStore('IntegrityVerifier', (kind) => {
  let temp: TempStores;
  let path: string;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let verifier: IntegrityVerifier;
  const firmId = randomUUID();
  const otherFirm = randomUUID();

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-integrity-');
    path = temp.path;
    store = temp.store;
    const { readStore } = temp;
    runner = new ProjectionRunner(store, readStore, [new AuditProjection()], { logger: silent });
    await runner.start();
    verifier = new IntegrityVerifier(store, runner, new AuditQueries(readStore));
  });
  afterEach(async () => {
    await runner.stop();
    await temp.close();
  });

  const event = (firm: string, note: string): NewEvent => ({
    id: randomUUID(),
    type: 'CadenceSet',
    data: { firmId: firm, cadenceDays: 30, note },
    metadata: { actor: 'ada', firmId: firm, occurredAt: '2026-01-05T09:00:00.000Z' },
  });

  /** Two streams of the firm (positions 1, 2, 6 and 4, 5) and one of another firm (position 3). */
  async function history(): Promise<void> {
    const a = `firm-${firmId}`;
    const b = `check-${randomUUID()}`;
    await store.append(a, [event(firmId, 'one'), event(firmId, 'two')], { expectedRevision: 'no_stream' });
    await store.append(`firm-${otherFirm}`, [event(otherFirm, 'elsewhere')], { expectedRevision: 'no_stream' });
    await store.append(b, [event(firmId, 'three'), event(firmId, 'four')], { expectedRevision: 'no_stream' });
    const last = await store.append(a, [event(firmId, 'five')], { expectedRevision: 1 });
    await runner.waitFor(last.position);
  }

  /** Changes the file behind the store's back, as an attacker with disk access would. */
  function tamper(sql: string, ...params: unknown[]): void {
    const db = new Database(path);
    try {
      db.exec('DROP TRIGGER IF EXISTS events_refuse_update; DROP TRIGGER IF EXISTS events_refuse_delete;');
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  }

  describe('when nothing was altered', () => {
    it("verifies every event of the firm's streams", async () => {
      await history();
      expect(await verifier.verify(firmId)).toEqual({ ok: true, eventsChecked: 5, streamsChecked: 2, firstBrokenPosition: null, problems: [] });
    });
  });

  describe("when an event's payload was rewritten in the file", () => {
    it('reports the first broken position', async () => {
      await history();
      tamper("UPDATE events SET data = replace(data, 'four', 'f0ur') WHERE position = 5");
      const report = await verifier.verify(firmId);
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: 5 });
      expect(report.problems.join('\n')).toMatch(/position 5 .*hash does not match content/);
    });
  });

  describe('when the last event of a stream was deleted', () => {
    it('finds it missing, as the audit log remembers it', async () => {
      await history();
      tamper('DELETE FROM events WHERE position = 6');
      const report = await verifier.verify(firmId);
      expect(report).toMatchObject({ ok: false, firstBrokenPosition: 6 });
      expect(report.problems.join('\n')).toMatch(/position 6 .*missing from the event store/);
    });
  });
});
