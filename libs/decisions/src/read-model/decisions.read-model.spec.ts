import type { RecordedEvent } from '@accord/event-store';
import type { ReadStore } from '@accord/projections';
import type { DecisionEvent } from '@accord/domain';
import { DecisionsProjection } from './decisions.projection';
import { DecisionsQueries } from './decisions.queries';
import { createTables } from '@accord/projections/testing/temp-sqlite';
import { describeEachReadStore, openTempStores, type TempStores } from '@accord/projections/testing/temp-read-store';

const T = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;

describeEachReadStore('the decisions read model', (kind) => {
  let temp: TempStores;
  let readStore: ReadStore;
  let queries: DecisionsQueries;
  let position = 0;
  const projection = new DecisionsProjection();

  beforeEach(async () => {
    temp = await openTempStores(kind, 'accord-decisions-');
    readStore = temp.readStore;
    await createTables(readStore, projection);
    queries = new DecisionsQueries(readStore);
  });
  afterEach(async () => {
    await temp.close();
  });

  const given = (...events: DecisionEvent[]) =>
    readStore.transaction(async (tx) => {
      for (const { type, data } of events) {
        position += 1;
        await projection.handle({ id: `e${position}`, type, data, position } as unknown as RecordedEvent, tx);
      }
    });
  const proposed = (decisionId: string, questionKey: string | null, supersedes: string | null = null): DecisionEvent => ({
    type: 'DecisionProposed',
    data: {
      decisionId, firmId: 'f1', title: `Title ${decisionId}`, outcome: 'Margins', chosenAnswer: `Answer ${decisionId}`, alternatives: ['Other'],
      rationale: 'Because', layer: 'VISION', questionKey, resolves: ['g1'], supersedes, proposedBy: 'ada', proposedAt: T(1),
    },
  });
  const endorsed = (decisionId: string, memberId: string, day: number): DecisionEvent => ({ type: 'DecisionEndorsed', data: { decisionId, memberId, at: T(day) } });
  const locked = (decisionId: string, day: number, questionKey: string | null = 'optimizing_for'): DecisionEvent => ({
    type: 'DecisionLocked',
    data: { decisionId, firmId: 'f1', lockedAt: T(day), endorsedBy: ['ada', 'ben'], questionKey, resolves: [], supersedes: null },
  });
  const superseded = (decisionId: string, by: string, day: number): DecisionEvent => ({ type: 'DecisionSuperseded', data: { decisionId, supersededBy: by, at: T(day) } });
  const definitionsAt = async (day: number) => (await queries.alignedDefinitions('f1', T(day))).map((row) => [row.questionKey, row.id]);

  it('keeps a proposal with its endorsements in order', async () => {
    await given(proposed('d1', 'optimizing_for'), endorsed('d1', 'ben', 2), endorsed('d1', 'ada', 3));
    expect(await queries.decision('d1')).toMatchObject({ status: 'PROPOSED', alternatives: ['Other'], resolves: ['g1'], lockedAt: null });
    expect((await queries.endorsements('d1')).map((e) => e.memberId)).toEqual(['ben', 'ada']);
  });

  describe('aligned definitions', () => {
    beforeEach(() =>
      given(
        proposed('d1', 'optimizing_for'), locked('d1', 2),
        proposed('d2', 'optimizing_for', 'd1'), proposed('r1', 'refuse_to_do'), locked('r1', 3, 'refuse_to_do'),
        locked('d2', 5), superseded('d1', 'd2', 5),
        proposed('p1', 'client_outcome'),
      ),
    );

    it('answer, per question key, the newest decision locked and not superseded at that instant', async () => {
      expect(await definitionsAt(1)).toEqual([]);
      expect(await definitionsAt(2)).toEqual([['optimizing_for', 'd1']]);
      expect(await definitionsAt(4)).toEqual([['optimizing_for', 'd1'], ['refuse_to_do', 'r1']]);
      expect(await definitionsAt(5)).toEqual([['optimizing_for', 'd2'], ['refuse_to_do', 'r1']]);
      expect(await definitionsAt(30)).toEqual([['optimizing_for', 'd2'], ['refuse_to_do', 'r1']]);
    });

    it('gives a closing check the current ones', async () => {
      expect(await queries.currentDefinitions('f1')).toEqual({ optimizing_for: 'd2', refuse_to_do: 'r1' });
      expect(await queries.decision('d1')).toMatchObject({ status: 'SUPERSEDED', supersededBy: 'd2', supersededAt: T(5) });
    });
  });
});
