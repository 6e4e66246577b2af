import type { RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { createTables } from '@accord/projections/testing/temp-sqlite';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';
import { AuditProjection } from './audit.projection';
import { AuditQueries } from './audit.queries';

const AT = '2026-03-01T09:00:00.000Z';

describeEachReadStore('the audit read model', (kind) => {
  let temp: TempStores;
  let readStore: ReadStore;
  let queries: AuditQueries;
  const projection = new AuditProjection();
  const revisions = new Map<string, number>();
  let position = 0;

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-audit-');
    readStore = temp.readStore;
    await createTables(readStore, projection);
    queries = new AuditQueries(readStore);
  });
  afterEach(async () => {
    await temp.close();
  });

  const recorded = (stream: string, type: string, data: Record<string, unknown>, firmId = 'f1'): RecordedEvent => {
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    position += 1;
    const metadata = { firmId, occurredAt: AT, actor: 'ada' };
    return { id: `e${position}`, stream, revision, position, type, data, metadata, hash: `h${position}`, previousHash: revision ? 'h' : null } as unknown as RecordedEvent;
  };
  const given = (...events: RecordedEvent[]) =>
    readStore.transaction(async (tx) => {
      for (const event of events) await projection.handle(event, tx);
    });
  const answer = (checkId: string, text: string) => recorded(`check-${checkId}`, 'AnswerSubmitted', { checkId, questionKey: 'q', memberId: 'ada', text });

  it('pages through the firm in log order, hiding answers until their check is revealed', async () => {
    const founded = recorded('firm-f1', 'FirmFounded', { firmId: 'f1', founder: { memberId: 'ada', tokenHash: 'secret' } });
    await given(founded, recorded('firm-f2', 'CadenceSet', { firmId: 'f2' }, 'f2'), answer('c1', 'Fixed fees'), answer('c2', 'Audits'));
    await given(recorded('check-c1', 'CheckRevealed', { checkId: 'c1' }));

    const first = await queries.page('f1', 0, 2);
    expect(first.hasMore).toBe(true);
    expect(first.events.map((e) => [e.position, e.streamId, e.revision, e.actorId, e.occurredAt, e.previousHash])).toEqual([
      [founded.position, 'firm-f1', 0, 'ada', AT, null],
      [founded.position + 2, 'check-c1', 0, 'ada', AT, null],
    ]);
    expect(JSON.parse(first.events[0].data).founder).toEqual({ memberId: 'ada' });
    expect(JSON.parse(first.events[1].data).text).toBe('Fixed fees');

    const rest = await queries.page('f1', first.events[1].position, 10);
    expect(rest.hasMore).toBe(false);
    expect(rest.events.map((e) => [e.type, JSON.parse(e.data).sealed ?? false])).toEqual([['AnswerSubmitted', true], ['CheckRevealed', false]]);
    expect([await queries.isRevealed('c1'), await queries.isRevealed('c2')]).toEqual([true, false]);
    expect(await queries.streams('f1')).toEqual(['firm-f1', 'check-c1', 'check-c2']);
  });
});
