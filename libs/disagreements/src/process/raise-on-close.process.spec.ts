import { SqliteEventStore, type RecordedEvent } from '@accord/event-store';
import { checkDecider, checkStream, disagreementStream, STANDARD_QUESTIONS, type Actor, type CheckCommand } from '@accord/domain';
import { deterministicEventId, execute } from '@accord/platform';
import { RaiseOnCloseProcess } from './raise-on-close.process';
import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';

const NOW = '2026-03-01T09:00:00.000Z';
const CLOSED_AT = '2026-03-02T10:00:00.000Z';
const partner = (memberId: string): Actor => ({ kind: 'member', memberId, role: 'PARTNER' });
const fay: Actor = { kind: 'member', memberId: 'fay', role: 'FACILITATOR' };
const FIRM = {
  firmId: 'f1',
  questions: STANDARD_QUESTIONS.map((q) => ({ ...q })),
  members: [
    { memberId: 'ada', role: 'PARTNER' },
    { memberId: 'ben', role: 'PARTNER' },
    { memberId: 'fay', role: 'FACILITATOR' },
  ],
  vagueWords: [],
};

describe('raise-disagreements-on-close', () => {
  let temp: TempSqlite;
  let store: SqliteEventStore;
  let reaction: RaiseOnCloseProcess;

  beforeEach(() => {
    temp = openTempSqlite('accord-raise-');
    store = temp.store;
    reaction = new RaiseOnCloseProcess(store);
  });
  afterEach(async () => {
    await temp.close();
  });

  const send = (actor: Actor, command: CheckCommand, now = NOW) =>
    execute(store, { decider: checkDecider, stream: checkStream('c1'), firmId: 'f1', actor, now, command: () => command });
  const answer = (memberId: string, questionKey: string, text: string) =>
    send(partner(memberId), { type: 'SubmitAnswer', questionKey, text, vagueWords: [], actor: partner(memberId), now: NOW });
  const read = async (stream: string): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(stream)) events.push(event);
    return events;
  };

  /** Ada answers everything; Ben skips refuse_to_do; fay forces the reveal and judges the given keys MISMATCH. */
  async function closeWith(mismatched: string[]): Promise<RecordedEvent> {
    await send(fay, { type: 'OpenCheck', checkId: 'c1', firm: FIRM, actor: fay, now: NOW });
    for (const { key } of STANDARD_QUESTIONS) await answer('ada', key, `Ada on ${key}`);
    await answer('ben', 'client_outcome', 'Ben on client_outcome');
    await answer('ben', 'optimizing_for', 'Ben on optimizing_for');
    await send(fay, { type: 'RevealCheck', actor: fay, now: NOW });
    for (const { key } of STANDARD_QUESTIONS) {
      await send(fay, { type: 'JudgeQuestion', questionKey: key, judgement: mismatched.includes(key) ? 'MISMATCH' : 'MATCH', actor: fay, now: NOW });
    }
    await send(fay, { type: 'CloseCheck', basis: { previousCheck: null, alignedDefinitions: {} }, actor: fay, now: CLOSED_AT }, CLOSED_AT);
    return (await read(checkStream('c1'))).at(-1)!;
  }

  describe('when questions were judged MISMATCH', () => {
    it('raises one VISION disagreement per question with the answers as positions, once', async () => {
      const closed = await closeWith(['optimizing_for', 'refuse_to_do']);
      await reaction.react(closed);
      await reaction.react(closed);

      const optimizingId = deterministicEventId(closed.id, 'disagreement:optimizing_for');
      const optimizing = await read(disagreementStream(optimizingId));
      expect(optimizing).toHaveLength(1);
      expect(optimizing[0]).toMatchObject({
        id: optimizingId,
        type: 'DisagreementRaised',
        data: {
          disagreementId: optimizingId,
          firmId: 'f1',
          topic: 'What are we optimizing for this year?',
          layer: 'VISION',
          positions: [
            { memberId: 'ada', text: 'Ada on optimizing_for' },
            { memberId: 'ben', text: 'Ben on optimizing_for' },
          ],
          raisedBy: 'system',
          raisedAt: CLOSED_AT,
          checkId: 'c1',
          questionKey: 'optimizing_for',
        },
        metadata: { actor: 'system', firmId: 'f1', occurredAt: CLOSED_AT, causationId: closed.id },
      });

      // Ben never answered refuse_to_do: only Ada's position is carried.
      const refuse = await read(disagreementStream(deterministicEventId(closed.id, 'disagreement:refuse_to_do')));
      expect(refuse.map((e) => (e.data as { positions: unknown }).positions)).toEqual([[{ memberId: 'ada', text: 'Ada on refuse_to_do' }]]);
    });
  });

  describe('when every question matched', () => {
    it('raises nothing', async () => {
      const closed = await closeWith([]);
      const head = await store.headPosition();
      await reaction.react(closed);
      expect(await store.headPosition()).toBe(head);
    });
  });
});
