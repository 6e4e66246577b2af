import type { RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import { STANDARD_QUESTIONS, type CheckEvent } from '@accord/domain';
import type { FirmsQueries, MemberRow } from '@accord/firms';
import { ChecksProjection } from './checks.projection';
import { ChecksQueries } from './checks.queries';
import { ChecksView } from './checks.view';
import { createTables } from '@accord/projections/testing/temp-sqlite';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';

const T = (minute: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;
const member = (id: string): MemberRow => ({ id, firmId: 'f1', name: id, role: 'PARTNER', active: true, joinedAt: T(0) });
const firms = { membersById: async (ids: readonly string[]) => new Map(ids.map((id) => [id, member(id)])) } as unknown as FirmsQueries;

describeEachReadStore('the checks read model', (kind) => {
  let temp: TempStores;
  let readStore: ReadStore;
  let view: ChecksView;
  let position = 0;
  const projection = new ChecksProjection();

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-checks-');
    readStore = temp.readStore;
    await createTables(readStore, projection);
    view = new ChecksView(new ChecksQueries(readStore), firms);
  });
  afterEach(async () => {
    await temp.close();
  });

  /** Projects events as if recorded one after the other. */
  const given = (...events: CheckEvent[]) =>
    readStore.transaction(async (tx) => {
      for (const { type, data } of events) {
        position += 1;
        await projection.handle({ id: `e${position}`, type, data, position } as unknown as RecordedEvent, tx);
      }
    });
  const opened = (checkId: string, at = T(0)): CheckEvent => ({
    type: 'CheckOpened',
    data: { checkId, firmId: 'f1', questions: STANDARD_QUESTIONS.map((q) => ({ ...q })), participantIds: ['ben', 'ada'], openedBy: 'fay', openedAt: at },
  });
  const answered = (checkId: string, memberId: string, questionKey: string, text: string): CheckEvent => ({
    type: 'AnswerSubmitted',
    data: { checkId, questionKey, memberId, text, vagueTerms: [], at: T(1) },
  });
  const closed = (checkId: string, closedAt: string, score: number): CheckEvent => ({
    type: 'CheckClosed',
    data: { checkId, firmId: 'f1', closedBy: 'fay', closedAt, score, outOf: 3, verdict: score === 3 ? 'ALIGNED' : 'FRICTION', mismatched: [], basis: { previousCheck: null, alignedDefinitions: {} } },
  });

  describe('while a check is open', () => {
    it("shows each participant only their own answers, and no one else's", async () => {
      await given(opened('c1'), answered('c1', 'ada', 'client_outcome', 'Fines'), answered('c1', 'ben', 'client_outcome', 'Audits'));
      const check = await view.check('c1');
      const textsFor = async (viewer: string) => (await view.questions(check, viewer)).flatMap((q) => q.answers.map((a) => a.text));
      expect(await textsFor('ada')).toEqual(['Fines']);
      expect(await textsFor('ben')).toEqual(['Audits']);
      expect(await textsFor('fay')).toEqual([]);
    });

    it('names as answered only those who answered every question', async () => {
      await given(opened('c1'), ...STANDARD_QUESTIONS.map(({ key }) => answered('c1', 'ada', key, 'Fixed fees')), answered('c1', 'ben', 'client_outcome', 'Audits'));
      expect((await view.answeredBy(await view.check('c1'))).map((m) => m.id)).toEqual(['ada']);
    });
  });

  describe('once revealed', () => {
    it('shows every answer in participant order with the suggestions, and keeps revisions', async () => {
      await given(
        opened('c1'),
        answered('c1', 'ada', 'client_outcome', 'Fines'),
        answered('c1', 'ben', 'client_outcome', 'Audits'),
        { type: 'AnswerRevised', data: { checkId: 'c1', questionKey: 'client_outcome', memberId: 'ada', text: 'Regulatory fines', vagueTerms: [], at: T(2) } },
        {
          type: 'CheckRevealed',
          data: { checkId: 'c1', revealedBy: 'fay', forced: true, revealedAt: T(3), suggestions: [{ questionKey: 'client_outcome', suggestedJudgement: 'MISMATCH', similarity: 0.25 }] },
        },
        { type: 'QuestionJudged', data: { checkId: 'c1', questionKey: 'client_outcome', judgement: 'MISMATCH', judgedBy: 'fay', at: T(4) } },
      );
      const check = await view.check('c1');
      expect(check).toMatchObject({ status: 'REVEALED', revealedAt: T(3) });
      const [first, second] = await view.questions(check, 'fay');
      expect(first).toMatchObject({ suggestedJudgement: 'MISMATCH', similarity: 0.25, judgement: 'MISMATCH' });
      expect(first.answers.map((a) => [a.member.id, a.text])).toEqual([['ben', 'Audits'], ['ada', 'Regulatory fines']]);
      expect(second).toMatchObject({ suggestedJudgement: null, similarity: null, judgement: null, answers: [] });
    });
  });

  describe('when checks are closed', () => {
    it('keeps the history oldest close first, and knows the latest closed check', async () => {
      await given(opened('c1'), opened('c2'), opened('c3'), closed('c2', T(10), 3), closed('c1', T(20), 2));
      expect((await view.history('f1')).map((s) => [s.checkId, s.score, s.verdict])).toEqual([['c2', 3, 'ALIGNED'], ['c1', 2, 'FRICTION']]);
      expect((await view.queries.latestClosedCheck('f1'))?.id).toBe('c1');
      expect((await view.queries.latestClosedCheck('f2'))).toBeNull();
      expect((await view.queries.checks('f1')).map((c) => c.id)).toEqual(['c3', 'c2', 'c1']);
      expect((await view.queries.checks('f1', 'OPEN')).map((c) => c.id)).toEqual(['c3']);
      expect((await view.checksByIds(['c3', 'nope', 'c1'])).map((c) => c.id)).toEqual(['c3', 'c1']);
    });
  });
});
