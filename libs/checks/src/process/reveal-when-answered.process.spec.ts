import { SqliteEventStore, type RecordedEvent } from '@accord/event-store';
import { checkDecider, checkStream, STANDARD_QUESTIONS, type Actor, type CheckCommand } from '@accord/domain';
import { deterministicEventId, execute } from '@accord/platform';
import { RevealWhenAnsweredProcess } from './reveal-when-answered.process';
import { openTempSqlite, type TempSqlite } from '@accord/projections/testing/temp-sqlite';

const NOW = '2026-03-01T09:00:00.000Z';
const partner = (memberId: string): Actor => ({ kind: 'member', memberId, role: 'PARTNER' });
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

describe('reveal-when-answered', () => {
  let temp: TempSqlite;
  let store: SqliteEventStore;
  let reaction: RevealWhenAnsweredProcess;

  beforeEach(() => {
    temp = openTempSqlite('accord-reveal-');
    store = temp.store;
    reaction = new RevealWhenAnsweredProcess(store);
  });
  afterEach(async () => {
    await temp.close();
  });

  const send = (actor: Actor, command: (actor: Actor) => CheckCommand) =>
    execute(store, { decider: checkDecider, stream: checkStream('c1'), firmId: 'f1', actor, now: NOW, command: () => command(actor) });
  const answer = (memberId: string, questionKey: string) =>
    send(partner(memberId), (actor) => ({ type: 'SubmitAnswer', questionKey, text: `Fixed fees for ${questionKey}`, vagueWords: [], actor, now: NOW }));
  const recorded = async (): Promise<RecordedEvent[]> => {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(checkStream('c1'))) events.push(event);
    return events;
  };

  beforeEach(async () => {
    await send(partner('ada'), (actor) => ({ type: 'OpenCheck', checkId: 'c1', firm: FIRM, actor, now: NOW }));
    for (const { key } of STANDARD_QUESTIONS) await answer('ada', key);
  });

  describe('when answers are still missing', () => {
    it('does nothing', async () => {
      await answer('ben', 'client_outcome');
      await reaction.react((await recorded()).at(-1)!);
      expect((await recorded()).map((e) => e.type)).not.toContain('CheckRevealed');
    });
  });

  describe('when every participant answered every question', () => {
    beforeEach(async () => {
      for (const { key } of STANDARD_QUESTIONS) await answer('ben', key);
    });

    it('reveals the check as the system, caused by the last answer, once', async () => {
      const last = (await recorded()).at(-1)!;
      await reaction.react(last);
      await reaction.react(last);
      const revealed = (await recorded()).filter((e) => e.type === 'CheckRevealed');
      expect(revealed).toHaveLength(1);
      expect(revealed[0]).toMatchObject({
        id: deterministicEventId(last.id, 'reveal'),
        data: { revealedBy: 'system', forced: false, revealedAt: last.metadata.occurredAt },
        metadata: { actor: 'system', firmId: 'f1', causationId: last.id },
      });
    });

    it('is done when a facilitator revealed the check already', async () => {
      await send({ kind: 'member', memberId: 'fay', role: 'FACILITATOR' }, (actor) => ({ type: 'RevealCheck', actor, now: NOW }));
      const answers = (await recorded()).filter((e) => e.type === 'AnswerSubmitted');
      for (const event of answers) await expect(reaction.react(event)).resolves.toBeUndefined();
      expect((await recorded()).filter((e) => e.type === 'CheckRevealed')).toHaveLength(1);
    });
  });
});
